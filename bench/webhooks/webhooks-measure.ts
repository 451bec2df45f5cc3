import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createEventCatalog, createEventDispatcher, type EventCatalog } from '@rustok/core-events'
import { createRelay, dispatcherTransport, type Outbox, type Relay } from '@rustok/outbox'
import {
  createAddressPolicy,
  createDeliveryWorker,
  createEndpointService,
  createFanoutHandler,
  createWebhookSender,
  type DeliveryWorker,
  type WebhookTables,
  webhookEvents,
} from '@rustok/webhooks'
import { sql, type Kysely } from 'kysely'
import { benchTenantId, itemTouched, type BenchDb } from '../outbox/bench-schema'

/** The bench's events: the outbox bench's and the webhook module's. */
export const webhooksBenchCatalog: EventCatalog = createEventCatalog([itemTouched], webhookEvents)

/** The bench's database: the outbox bench's tables and the webhook tables. */
export type WebhooksBenchDb = BenchDb & WebhookTables

/** A receiver on loopback that answers 204 at once and counts requests. */
export interface FastReceiver {
  readonly url: string
  count: number
  close(): Promise<void>
}

export async function startFastReceiver(): Promise<FastReceiver> {
  const receiver: FastReceiver = { url: '', count: 0, close: async () => {} }
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      receiver.count++
      res.writeHead(204).end()
    })
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    close: async () => {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  })
}

/** Registers `count` endpoints of the bench tenant subscribed to `bench.*`. */
export async function subscribe(
  db: Kysely<WebhooksBenchDb>,
  outbox: Outbox,
  options: { readonly count: number; readonly url: string },
): Promise<void> {
  const endpoints = createEndpointService({
    db,
    events: outbox,
    allowHttp: true,
    policy: createAddressPolicy({ allow: ['127.0.0.1/32'] }),
  })
  for (let i = 0; i < options.count; i++)
    await endpoints.create(
      benchTenantId,
      { url: `${options.url}?e=${i}`, eventTypes: ['bench.*'] },
      { userId: null },
    )
}

/** Removes every endpoint, delivery and attempt. */
export async function resetWebhooks(db: Kysely<WebhooksBenchDb>): Promise<void> {
  await sql`truncate webhook_attempts, webhook_deliveries, webhook_endpoints`.execute(db)
}

/** A delivery worker sending to loopback, with settings for throughput. */
export function benchWorker(db: Kysely<WebhooksBenchDb>, outbox: Outbox): DeliveryWorker {
  return createDeliveryWorker({
    db,
    events: outbox,
    send: createWebhookSender({
      policy: createAddressPolicy({ allow: ['127.0.0.1/32'] }),
      timeoutMs: 5_000,
    }),
    // In flight at once: about what the sender's keep-alive pool holds (64 sockets per host), so
    // no request waits for a socket against its own timeout.
    batchSize: 64,
    maxInFlight: 64,
    perEndpointConcurrency: 32,
    // One tenant owns the bench's endpoints: its cap must not be what limits the worker.
    perTenantConcurrency: 64,
    breakerThreshold: 1_000,
  })
}

/** The worker role's webhook machinery, running: a relay feeding the fan-out, and a worker loop. */
export interface Background {
  stop(): Promise<void>
}

export function startBackground(db: Kysely<WebhooksBenchDb>, outbox: Outbox): Background {
  const dispatcher = createEventDispatcher({ maxAttempts: 1 })
  dispatcher.register(createFanoutHandler({ db }))
  const relay: Relay = createRelay({
    db,
    catalog: webhooksBenchCatalog,
    transport: dispatcherTransport(dispatcher),
    batchSize: 200,
    pollIntervalMs: 50,
  })
  const unsubscribe = outbox.onCommitted(() => relay.wake())
  relay.start()
  const worker = benchWorker(db, outbox)
  let running = true
  const loop = (async () => {
    while (running) {
      if ((await worker.runOnce()) === 0) await new Promise((r) => setTimeout(r, 50))
    }
  })()
  return {
    async stop() {
      running = false
      unsubscribe()
      await relay.stop()
      await loop
    },
  }
}
