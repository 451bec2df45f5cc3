import { randomUUID } from 'node:crypto'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { authMigrations } from './auth-migrations'
import { pruneAuthData } from './auth-retention'
import type { AuthTables } from './auth-tables'

const tenant = '0190a000-0000-7000-8000-00000000000a'
const user = '0190a000-0000-7000-8000-0000000000a1'
const NOW = new Date('2026-06-01T12:00:00Z')
const DAY = 86_400_000
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs)

describe('pruneAuthData', () => {
  let testDb: TestDb<AuthTables>
  beforeAll(async () => {
    testDb = await createTestDb<AuthTables>({ modules: [authMigrations] })
    await sql`insert into users (id, tenant_id, email, password_hash)
      values (${user}, ${tenant}, 'ann@a.test', 'x')`.execute(testDb.db)
  })
  afterAll(() => testDb.destroy())
  beforeEach(async () => {
    for (const table of ['sessions', 'auth_tokens', 'login_throttle']) {
      await sql`delete from ${sql.table(table)}`.execute(testDb.db)
    }
  })

  const session = async (expiresAt: Date, revoked: 'rotated' | null = null) => {
    const id = randomUUID()
    await sql`insert into sessions (id, tenant_id, user_id, family_id, refresh_token_hash,
        expires_at, revoked_at, revoked_reason)
      values (${id}, ${tenant}, ${user}, ${randomUUID()}, ${randomUUID()}, ${expiresAt},
        ${revoked ? at(-DAY) : null}, ${revoked})`.execute(testDb.db)
    return id
  }
  const token = async (expiresAt: Date) => {
    const id = randomUUID()
    await sql`insert into auth_tokens (id, tenant_id, purpose, token_hash, email, expires_at)
      values (${id}, ${tenant}, 'password_reset', ${randomUUID()}, 'ann@a.test', ${expiresAt})`.execute(
      testDb.db,
    )
    return id
  }
  const counter = async (key: string, windowStart: Date) => {
    await sql`insert into login_throttle (key, window_start, count)
      values (${key}, ${windowStart}, 3)`.execute(testDb.db)
  }
  const ids = async (table: 'sessions' | 'auth_tokens') =>
    (await testDb.db.selectFrom(table).select('id').execute()).map((row) => row.id).sort()

  it('deletes sessions and tokens expired longer than the retention, and ended throttle windows', async () => {
    await session(at(-3 * DAY))
    await session(at(-2 * DAY), 'rotated')
    const recentlyExpired = await session(at(-DAY / 2))
    const live = await session(at(29 * DAY))
    // A rotated row of a live sign-in: kept until it expires, so its reuse is still detected.
    const rotatedLive = await session(at(20 * DAY), 'rotated')
    await token(at(-2 * DAY))
    const openToken = await token(at(DAY))
    await counter('ip:198.51.100.1', at(-3_600_000))
    await counter('account:x', at(-60_000))

    const pruned = await pruneAuthData(testDb.db, {
      now: () => NOW,
      retentionMs: DAY,
      throttleWindowSeconds: 900,
      batchSize: 1,
    })

    expect(pruned).toEqual({ sessions: 2, auth_tokens: 1, login_throttle: 1 })
    expect(await ids('sessions')).toEqual([recentlyExpired, live, rotatedLive].sort())
    expect(await ids('auth_tokens')).toEqual([openToken])
    const keys = await testDb.db.selectFrom('login_throttle').select('key').execute()
    expect(keys).toEqual([{ key: 'account:x' }])
  })

  it('deletes nothing when nothing is due', async () => {
    await session(at(DAY))
    expect(await pruneAuthData(testDb.db, { now: () => NOW })).toEqual({
      sessions: 0,
      auth_tokens: 0,
      login_throttle: 0,
    })
  })
})
