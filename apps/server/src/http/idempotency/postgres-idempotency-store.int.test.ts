import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIdempotencyStoreContract } from './idempotency-store.contract.test-helper'
import { createPostgresIdempotencyStore, idempotencyMigrations } from './postgres-idempotency-store'

let testDb: TestDb<unknown>
beforeAll(async () => {
  testDb = await createTestDb({ modules: [idempotencyMigrations] })
})
afterAll(() => testDb.destroy())

// Pruning is off here: the contract's records live at fixed past times.
runIdempotencyStoreContract('createPostgresIdempotencyStore', () =>
  createPostgresIdempotencyStore(testDb.db, { pruneEveryMs: Number.MAX_SAFE_INTEGER }),
)

describe('createPostgresIdempotencyStore', () => {
  const count = async (tenantId: string) => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from http_idempotency where tenant_id = ${tenantId}`.execute(
      testDb.db,
    )
    return rows[0]?.n
  }

  it('deletes expired records now and then, and keeps live ones', async () => {
    const store = createPostgresIdempotencyStore(testDb.db, { pruneEveryMs: 1000 })
    const scope = (key: string) => ({ tenantId: 'prune', principal: 'anonymous', key })
    const begin = (key: string, now: number) =>
      store.begin({ scope: scope(key), fingerprint: 'f', now, lockMs: 500 })
    await begin('a', 2_000_000_000_000)
    await begin('b', 2_000_000_000_000)
    expect(await count('prune')).toBe(2)
    await begin('c', 2_000_000_000_600)
    expect(await count('prune')).toBe(3)
    await begin('d', 2_000_000_001_000)
    expect(await count('prune')).toBe(2)
  })

  it('claims one key once across instances sharing the database', async () => {
    const first = createPostgresIdempotencyStore(testDb.db)
    const second = createPostgresIdempotencyStore(testDb.db)
    const input = {
      scope: { tenantId: 'shared', principal: 'u', key: 'k' },
      fingerprint: 'f',
      now: Date.now(),
      lockMs: 60_000,
    }
    const outcomes = await Promise.all([first.begin(input), second.begin(input)])
    expect(outcomes.map((begun) => begun.outcome).sort()).toEqual(['in-progress', 'started'])
  })
})
