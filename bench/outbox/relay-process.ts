// A relay in its own process, for kill-recovery.ts, which SIGKILLs (or stops) it under load and
// starts it again. Handlers apply each event through the inbox, as a real worker does. Prints `ready` once
// the relay runs; exits when its stdin closes, so it never outlives the bench.
import { createDb, listen } from '@rustok/core-db'
import { createEventDispatcher } from '@rustok/core-events'
import {
  createIdempotentHandler,
  createRelay,
  dispatcherTransport,
  outboxChannel,
} from '@rustok/outbox'
import { sql } from 'kysely'
import { benchCatalog, type BenchDb } from './bench-schema'

const url = process.env.DATABASE_URL
if (!url) throw new Error('relay-process: DATABASE_URL is not set')
process.stdin.on('close', () => process.exit(0))
process.stdin.resume()

const db = await createDb<BenchDb>({ driver: 'postgres', url, onPoolError: () => {} })
const dispatcher = createEventDispatcher({ maxAttempts: 1 })
dispatcher.register(
  createIdempotentHandler({
    name: 'kill-recovery',
    types: '*',
    db,
    concurrency: 8,
    handle: async (trx, event) => {
      const { itemId } = event.payload as { itemId: string }
      await sql`update bench_item set counter = counter + 1 where id = ${itemId}`.execute(trx)
    },
  }),
)
const relay = createRelay({
  db,
  catalog: benchCatalog,
  transport: dispatcherTransport(dispatcher),
  owner: `kill-recovery-${process.pid}`,
  // The defaults that matter here: a 30 s lease and a 1 s poll interval.
  onError: (error) => process.stderr.write(`relay-process: ${String(error)}\n`),
})
await listen(db, outboxChannel, { onNotify: () => relay.wake() })
relay.start()
// A graceful stop (the baseline kill-recovery.ts compares a SIGKILL with): finish the batch, exit.
process.once('SIGTERM', () => {
  void relay.stop().then(() => process.exit(0))
})
process.stdout.write('ready\n')
