// What the index package offers today: its events, its error class and its server module's
// declaration. Run it: npx tsx examples/index-module.ts
import { createEnvelope, createEventCatalog } from '@rustok/core-events'
import { IndexError, indexEvents, isIndexError, reindexRequested } from '@rustok/index'
import { indexModule } from '@rustok/index/http'

const catalog = createEventCatalog(indexEvents)
console.log(
  'index events:',
  catalog
    .list()
    .map((definition) => definition.type)
    .join(', '),
)
const tenantId = crypto.randomUUID()
const reindex = createEnvelope(reindexRequested, { targetType: 'node' }, { tenantId })
console.log(reindex.type, 'ordered per', reindex.aggregateType, reindex.aggregateId)

console.log(`module "${indexModule.name}", toggleable: ${indexModule.toggleable}`)
const stale = new IndexError('CONFLICT', 'the read model is being rebuilt')
console.log(isIndexError(stale), stale.code, stale.message)
