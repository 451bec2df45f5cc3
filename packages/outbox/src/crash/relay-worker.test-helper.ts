// A relay in its own process, for the crash tests, which kill it with SIGKILL and start it again.
// Run it as
//   node --conditions=@rustok/source --import tsx src/crash/relay-worker.test-helper.ts
// from packages/outbox, with DATABASE_URL set (and optionally the RELAY_* settings of
// worker-process.test-helper.ts). It prints `ready` once the relay runs, `skipped` for each
// redelivery its inbox absorbed, and runs until it is killed (or its stdin closes, so it never
// outlives the test process).
import { setTimeout as sleep } from 'node:timers/promises'
import { createDb } from '@rustok/core-db'
import { createEventDispatcher } from '@rustok/core-events'
import { sql } from 'kysely'
import { dispatcherTransport } from '../dispatcher-transport'
import { createIdempotentHandler } from '../idempotent-handler'
import { catalog } from '../internal/test-fixtures.test-helper'
import { createRelay } from '../relay'
import type { CrashDb } from './effect-module.test-helper'

const url = process.env.DATABASE_URL
if (!url) throw new Error('relay-worker: DATABASE_URL is not set')

process.stdin.on('close', () => process.exit(0))
process.stdin.resume()

const db = await createDb<CrashDb>({ driver: 'postgres', url, onPoolError: () => {} })

const setting = (name: string, fallback: number): number => {
  const value = process.env[name]
  return value === undefined ? fallback : Number(value)
}
const hold = process.env.RELAY_HANDLER === 'hold'
const poison = {
  aggregateId: process.env.RELAY_POISON_AGGREGATE,
  n: Number(process.env.RELAY_POISON_N ?? Number.NaN),
}

const effects = createIdempotentHandler({
  name: 'crash-effects',
  types: ['thing.happened'],
  db,
  concurrency: 4,
  handle: async (trx, event) => {
    // A poison event: it kills the relay's process every time it is delivered.
    if (
      event.aggregateId === poison.aggregateId &&
      (event.payload as { n: number }).n === poison.n
    ) {
      process.kill(process.pid, 'SIGKILL')
    }
    // Keeps the batch claimed (and this transaction open) until the test kills the process.
    if (hold) await new Promise(() => {})
    // A little work inside the transaction, so that kills land between (and inside) deliveries.
    await sleep(Math.random() * 3)
    await sql`
      insert into effect (event_id, applied_count) values (${event.id}, 1)
      on conflict (event_id) do update set applied_count = effect.applied_count + 1`.execute(trx)
  },
})

const dispatcher = createEventDispatcher({ maxAttempts: 1 })
dispatcher.register({
  name: effects.name,
  types: effects.types,
  concurrency: effects.concurrency,
  handle: async (event) => {
    if (!(await effects.apply(event))) process.stdout.write(`skipped ${event.id}\n`)
  },
})

const relay = createRelay({
  db,
  catalog,
  transport: dispatcherTransport(dispatcher),
  // The test recognises this process's claims by it, to aim its kills at a batch in flight.
  owner: `crash-worker-${process.pid}`,
  batchSize: setting('RELAY_BATCH_SIZE', 50),
  leaseMs: setting('RELAY_LEASE_MS', 1_000),
  pollIntervalMs: setting('RELAY_POLL_MS', 20),
  maxLostLeases: setting('RELAY_MAX_LOST_LEASES', 5),
  backoff: () => 0,
  onError: (error) => process.stderr.write(`relay-worker: ${String(error)}\n`),
})
relay.start()
process.stdout.write('ready\n')
