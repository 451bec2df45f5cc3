import { createMemorySearchEngine } from './memory-search-engine'
import { searchEngineContract } from './search-engine-contract.test-helper'

searchEngineContract('in memory', () => {
  const engine = createMemorySearchEngine()
  return Promise.resolve({
    engine,
    put: ({ content, products }) => {
      engine.putContent(content)
      engine.putProducts(products)
      return Promise.resolve()
    },
  })
})
