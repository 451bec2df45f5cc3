import { createMemoryRateLimitStore } from './memory-rate-limit-store'
import { runRateLimitStoreContract } from './rate-limit-store.contract.test-helper'

runRateLimitStoreContract('createMemoryRateLimitStore', () => {
  // Two instances share state only when they share the map: the same store stands for both.
  const store = createMemoryRateLimitStore()
  return [store, store]
})
