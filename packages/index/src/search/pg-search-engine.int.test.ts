import { createTestDb, type TestDb } from '@rustok/test-utils'
import { afterAll } from 'vitest'
import { indexMigrations } from '../index-migrations'
import { writeContentDocuments, writeProductDocuments } from '../projection/document-store'
import { createPgSearchEngine } from './pg-search-engine'
import { searchEngineContract } from './search-engine-contract.test-helper'

let testDb: TestDb<unknown> | undefined
afterAll(() => testDb?.destroy())

searchEngineContract('PostgreSQL', async () => {
  testDb = await createTestDb({ modules: [indexMigrations] })
  const { db } = testDb
  return {
    engine: createPgSearchEngine({ db }),
    put: async ({ content, products }) => {
      for (const tenantId of new Set([...content, ...products].map((doc) => doc.tenantId))) {
        const mine = content.filter((doc) => doc.tenantId === tenantId)
        const theirs = products.filter((doc) => doc.tenantId === tenantId)
        await writeContentDocuments(db, {
          tenantId,
          generations: [0],
          ids: mine.map((d) => d.nodeId),
          documents: mine,
        })
        await writeProductDocuments(db, {
          tenantId,
          generations: [0],
          ids: theirs.map((d) => d.productId),
          documents: theirs,
        })
      }
    },
  }
})
