import { describe, expect, it } from 'vitest'
import { runIdempotencyStoreContract } from './idempotency-store.contract.test-helper'
import { createMemoryIdempotencyStore } from './memory-idempotency-store'

runIdempotencyStoreContract('createMemoryIdempotencyStore', () => createMemoryIdempotencyStore())

describe('createMemoryIdempotencyStore pruning', () => {
  it('drops expired records as requests come in, at most once per interval', async () => {
    const store = createMemoryIdempotencyStore({ pruneEveryMs: 1000 })
    const scope = (key: string) => ({ tenantId: 't', principal: 'anonymous', key })
    const begin = (key: string, now: number) =>
      store.begin({ scope: scope(key), fingerprint: 'f', now, lockMs: 500 })
    await begin('a', 1000)
    await begin('b', 1000)
    expect(store.size).toBe(2)
    await begin('c', 1600) // a and b lapsed, but the last prune was under 1000 ms ago
    expect(store.size).toBe(3)
    await begin('d', 2000)
    expect(store.size).toBe(2) // c and d
  })
})
