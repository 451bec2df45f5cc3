// A rebuild in its own process, for the SIGKILL test: DATABASE_URL, TENANT_ID; one node per
// batch, printing `batch <done>` after each committed batch (the test kills it half-way).
import { createDb } from '@rustok/core-db'
import { EN_RU, SOURCES } from '../testing/index-test-db.test-helper'
import { rebuildIndex } from './rebuild'

const db = await createDb<unknown>({ driver: 'postgres', url: process.env['DATABASE_URL'] ?? '' })
await rebuildIndex(
  { db, sources: SOURCES, locales: EN_RU },
  {
    tenantId: process.env['TENANT_ID'] ?? '',
    entity: 'content',
    batchSize: 1,
    onProgress: (status) => process.stdout.write(`batch ${status.done}\n`),
  },
)
await db.destroy()
