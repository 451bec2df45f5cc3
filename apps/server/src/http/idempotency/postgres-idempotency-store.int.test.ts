import { createTestDb, type TestDb } from '@rustok/test-utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runIdempotencyStoreContract } from './idempotency-store.contract.test-helper'
import { createPostgresIdempotencyStore, idempotencyMigrations } from './postgres-idempotency-store'

let testDb: TestDb<unknown>
beforeAll(async () => {
  testDb = await createTestDb({ modules: [idempotencyMigrations] })
})
afterAll(() => testDb.destroy())

// The store never deletes (the http module's maintenance job does): the contract's records live
// at fixed past times.
runIdempotencyStoreContract('createPostgresIdempotencyStore', () =>
  createPostgresIdempotencyStore(testDb.db),
)

describe('createPostgresIdempotencyStore', () => {
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
