import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessTokens } from './access-tokens'
import { authMigrations } from './auth-migrations'
import {
  password,
  tenantA,
  testEventsModule,
  testEventWriter,
  testHasher,
  type TestDb,
} from './internal/test-fixtures.test-helper'
import { createLoginThrottle } from './login-throttle'
import type { PasswordHasher } from './password-hasher'
import { createSessionService } from './session-service'
import { createUserStore } from './user-store'

// On PostgreSQL the attempts run on separate pooled connections, truly at once; PGlite serialises
// the statements but not the awaits between them, which was enough for the old check-then-count.
describe('login throttle under concurrent guesses', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>

  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [authMigrations, testEventsModule] })
    db = handle.db
    const users = createUserStore({ db, events: testEventWriter, hasher: testHasher })
    const created = await users.register({ tenantId: tenantA, email: 'ann@example.com', password })
    if (!created.ok) throw new Error('setup')
  })
  afterAll(() => handle.destroy())

  it('gives a right password’s reservation back: successes never use up the IP’s budget', async () => {
    const sessions = createSessionService({
      db,
      events: testEventWriter,
      hasher: testHasher,
      accessTokens: createAccessTokens({
        secret: 'a'.repeat(32),
        isSessionActive: () => Promise.resolve(true),
      }),
      throttle: createLoginThrottle({ db, maxPerAccount: 5, maxPerIp: 3 }),
    })
    const ip = '192.0.2.1'
    for (let n = 0; n < 6; n += 1) {
      const result = await sessions.login({
        tenantId: tenantA,
        email: 'ann@example.com',
        password,
        ip,
      })
      expect(result.ok).toBe(true)
    }
    const row = await db
      .selectFrom('login_throttle')
      .select('count')
      .where('key', '=', `ip:${ip}`)
      .executeTakeFirst()
    expect(row?.count ?? 0).toBe(0)
  })

  it('verifies at most the limit of 30 parallel wrong passwords for one account; the rest are throttled', async () => {
    let verified = 0
    const hasher: PasswordHasher = {
      ...testHasher,
      verifyOrDummy: async (hash, candidate) => {
        verified += 1
        return testHasher.verifyOrDummy(hash, candidate)
      },
    }
    const accessTokens = createAccessTokens({
      secret: 'a'.repeat(32),
      isSessionActive: () => Promise.resolve(true),
    })
    const sessions = createSessionService({
      db,
      events: testEventWriter,
      hasher,
      accessTokens,
      throttle: createLoginThrottle({ db, maxPerAccount: 5, maxPerIp: 100 }),
    })
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        sessions.login({
          tenantId: tenantA,
          email: 'ann@example.com',
          password: `wrong password ${String(n)}`,
          ip: `10.0.0.${String(n)}`,
        }),
      ),
    )
    const reasons = results.map((result) => (result.ok ? 'OK' : result.reason))
    expect(reasons.filter((reason) => reason === 'INVALID_CREDENTIALS')).toHaveLength(5)
    expect(reasons.filter((reason) => reason === 'THROTTLED')).toHaveLength(25)
    expect(verified).toBe(5)
    const row = await db
      .selectFrom('login_throttle')
      .select('count')
      .where('key', '=', `account:${tenantA}:ann@example.com`)
      .executeTakeFirstOrThrow()
    expect(row.count).toBe(5)
  })
})
