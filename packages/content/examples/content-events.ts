// The content events in a catalogue: an envelope for a new post, the validation a writer applies,
// and the server module's declaration. Run it: npx tsx examples/content-events.ts
import {
  ContentError,
  contentEvents,
  isContentError,
  nodeCreated,
  nodePublished,
} from '@rustok/content'
import { contentModule } from '@rustok/content/http'
import {
  causedBy,
  createEnvelope,
  createEventCatalog,
  isCoreEventsError,
} from '@rustok/core-events'

const catalog = createEventCatalog(contentEvents)
console.log(
  catalog.list().length,
  'content events:',
  catalog
    .list()
    .map((d) => d.type)
    .join(', '),
)

const tenantId = crypto.randomUUID()
const nodeId = crypto.randomUUID()
const created = createEnvelope(nodeCreated, { nodeId, kind: 'post' }, { tenantId })
const published = createEnvelope(nodePublished, { nodeId, kind: 'post' }, causedBy(created))
console.log(published.type, 'caused by', published.causationId === created.id)

try {
  catalog.validate('node.created', { nodeId: 'not-a-uuid', kind: 'post' })
} catch (error) {
  console.log('rejected:', isCoreEventsError(error) && error.issues?.map((i) => i.path))
}

console.log(`module "${contentModule.name}", toggleable: ${contentModule.toggleable}`)
const notFound = new ContentError('NOT_FOUND', `node ${nodeId} not found`)
console.log(isContentError(notFound), notFound.code)
