import { createTestDb, type TestDb } from '@rustok/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPostgresRateLimitStore, rateLimitMigrations } from './postgres-rate-limit-store'

describe('createPostgresRateLimitStore', () => {
  let testDb: TestDb<unknown>
  beforeAll(async () => {
    testDb = await createTestDb({ modules: [rateLimitMigrations] })
  })
  afterAll(() => testDb.destroy())

  it('counts one key together across instances sharing the database', async () => {
    const first = createPostgresRateLimitStore(testDb.db)
    const second = createPostgresRateLimitStore(testDb.db)
    const now = 1_700_000_010_000
    const counts = await Promise.all([
      first.hit('ip:a', 60_000, now),
      second.hit('ip:a', 60_000, now),
      first.hit('ip:a', 60_000, now),
    ])
    expect(counts.map((hit) => hit.count).sort()).toEqual([1, 2, 3])
    expect(counts[0]?.resetAt).toBe(1_700_000_040_000)
    expect((await second.hit('ip:b', 60_000, now)).count).toBe(1)
    expect((await second.hit('ip:a', 60_000, now + 60_000)).count).toBe(1)
  })
})
