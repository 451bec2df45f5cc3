import { createTestDb } from '@rustok/test-utils'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { poolStats } from './pool-stats'

describe('poolStats', () => {
  it('reports the open connections of a database opened by createDb', async () => {
    const testDb = await createTestDb<unknown>({ modules: [] })
    try {
      await sql`select 1`.execute(testDb.db)
      const stats = poolStats(testDb.db)
      expect(stats).toBeDefined()
      expect(stats?.total).toBeGreaterThanOrEqual(1)
      expect(stats?.waiting).toBe(0)
      if (testDb.driver === 'postgres') expect(stats?.idle).toBe(stats?.total)
    } finally {
      await testDb.destroy()
    }
  })

  // PGlite has one connection and queues inside its dialect, not in a pool.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'counts queries waiting for a connection (PostgreSQL only)',
    async () => {
      const testDb = await createTestDb<unknown>({ modules: [] })
      try {
        // Hold every pooled connection (default max 10), then queue one more query.
        const held = Array.from({ length: 11 }, () => sql`select pg_sleep(0.3)`.execute(testDb.db))
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(poolStats(testDb.db)?.waiting).toBeGreaterThanOrEqual(1)
        await Promise.all(held)
      } finally {
        await testDb.destroy()
      }
    },
  )

  it('knows nothing of an instance it did not open', () => {
    expect(poolStats({})).toBeUndefined()
  })
})
