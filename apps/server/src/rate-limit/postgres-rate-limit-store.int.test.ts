import { createTestDb, type TestDb } from '@rustok/test-utils'
import { afterAll, beforeAll } from 'vitest'
import { createPostgresRateLimitStore, rateLimitMigrations } from './postgres-rate-limit-store'
import { runRateLimitStoreContract } from './rate-limit-store.contract.test-helper'

let testDb: TestDb<unknown>
beforeAll(async () => {
  testDb = await createTestDb({ modules: [rateLimitMigrations] })
})
afterAll(() => testDb.destroy())

runRateLimitStoreContract('createPostgresRateLimitStore', () => [
  createPostgresRateLimitStore(testDb.db),
  createPostgresRateLimitStore(testDb.db),
])
