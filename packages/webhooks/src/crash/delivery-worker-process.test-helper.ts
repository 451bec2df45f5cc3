// A webhook delivery worker in its own process, for the crash test, which kills it with SIGKILL
// and starts it again. Run it as
//   node --conditions=@rustok/source --import tsx src/crash/delivery-worker-process.test-helper.ts
// from packages/webhooks, with DATABASE_URL set. It prints `ready` once it runs, and runs until it
// is killed (or its stdin closes, so it never outlives the test process).
import { setTimeout as sleep } from 'node:timers/promises'
import { createDb } from '@rustok/core-db'
import { createAddressPolicy } from '../address-policy'
import { createDeliveryWorker } from '../delivery-worker'
import { createWebhookSender } from '../webhook-sender'
import type { WebhookTables } from '../webhook-tables'

const url = process.env.DATABASE_URL
if (!url) throw new Error('delivery worker: DATABASE_URL is not set')

process.stdin.on('close', () => process.exit(0))
process.stdin.resume()

const db = await createDb<WebhookTables>({ driver: 'postgres', url, onPoolError: () => {} })
const worker = createDeliveryWorker({
  db,
  events: { publishInTx: () => Promise.resolve() },
  send: createWebhookSender({
    policy: createAddressPolicy({ allow: ['127.0.0.1/32'] }),
    timeoutMs: 5_000,
  }),
  // The test recognises this process's claims by it, to aim its kills at deliveries in flight.
  owner: `crash-worker-${process.pid}`,
  batchSize: 20,
  perEndpointConcurrency: 20,
  leaseMs: Number(process.env.WEBHOOK_LEASE_MS ?? 1_500),
  retry: { maxAttempts: 50, baseDelayMs: 10, maxDelayMs: 50 },
  breakerThreshold: 1_000,
})
process.stdout.write('ready\n')
for (;;) {
  try {
    if ((await worker.runOnce()) === 0) await sleep(20)
  } catch (error) {
    process.stderr.write(`delivery worker: ${String(error)}\n`)
    await sleep(50)
  }
}
