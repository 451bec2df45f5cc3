// A worker process for the scheduling test: its own connection pool to the database named by
// argv[2], running the scheduler in small batches until nothing is due; prints how many nodes it
// published as one JSON line. Started twice in parallel by node-schedule-processes.int.test.ts.
import { createDb } from '@rustok/core-db'
import { createEventCatalog } from '@rustok/core-events'
import { createOutbox } from '@rustok/outbox'
import { contentEvents } from '../content-events'
import { createNodeService } from '../nodes/node-service'

const url = process.argv[2]
const at = process.argv[3]
if (!url || !at) throw new Error('usage: schedule-worker <database url> <now as ISO>')
const db = await createDb<unknown>({ driver: 'postgres', url })
const nodes = createNodeService({
  db,
  events: createOutbox({ catalog: createEventCatalog(contentEvents) }),
  now: () => new Date(at),
})
let published = 0
try {
  for (;;) {
    const run = await nodes.runSchedule({ batch: 5 })
    published += run.published
    if (run.published === 0) break
  }
} finally {
  await db.destroy()
}
process.stdout.write(`${JSON.stringify({ published })}\n`)
