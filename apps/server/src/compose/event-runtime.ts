import { hostname } from 'node:os'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { listen } from '@rustok/core-db'
import { createEventDispatcher, type DispatcherStats } from '@rustok/core-events'
import {
  createRelay,
  dispatcherTransport,
  outboxChannel,
  type EventTransport,
  type Relay,
} from '@rustok/outbox'
import {
  createJetStreamConsumer,
  createJetStreamTransport,
  DEFAULT_EVENT_STREAM,
  ensureEventStream,
  type JetStreamConsumer,
} from '@rustok/outbox/nats'
import type { HealthCheck } from '../observability/health'
import { inProcessTransportCheck } from './dependency-checks'
import type { Services } from './services'

/** Where events go after the outbox, and what runs the handlers. */
export interface EventRuntime {
  /** `in-process` (the relay hands events to this process's handlers) or `nats` (JetStream). */
  readonly transport: 'in-process' | 'nats'
  /** Dependency check for `/health/ready` (NATS only). */
  readonly healthChecks: readonly HealthCheck[]
  readonly dispatcherStats: () => DispatcherStats
  /** Starts the relay and the handlers (worker role). */
  startWorker(services: Services): Promise<void>
  /** Lets the relay finish its batch, drains the handlers, closes NATS. */
  stop(): Promise<void>
}

/** Opens the NATS connection when configured; the relay and consumers start with the worker. */
export async function createEventRuntime(options: {
  readonly natsUrl?: string
  readonly owner?: string
}): Promise<EventRuntime> {
  const owner = options.owner ?? `${hostname()}:${process.pid}`
  // The relay (or JetStream's redelivery) retries and records each attempt on the row.
  const dispatcher = createEventDispatcher({ maxAttempts: 1 })
  const nats: NatsConnection | undefined = options.natsUrl
    ? await connect({ servers: options.natsUrl, name: `rustok ${owner}` })
    : undefined
  let relay: Relay | undefined
  let consumer: JetStreamConsumer | undefined
  let unlisten: (() => Promise<void>) | undefined
  let stopOnCommitted: (() => void) | undefined

  const healthChecks: HealthCheck[] = nats
    ? [
        {
          name: 'nats',
          critical: true,
          timeoutMs: 2000,
          check: async () => {
            await nats.flush()
          },
        },
      ]
    : [inProcessTransportCheck(() => dispatcher.stats())]

  return {
    transport: nats ? 'nats' : 'in-process',
    healthChecks,
    dispatcherStats: () => dispatcher.stats(),
    async startWorker(services) {
      for (const handler of services.composed.handlers) dispatcher.register(handler)
      const inProcess = dispatcherTransport(dispatcher)
      let transport: EventTransport = inProcess
      if (nats) {
        await ensureEventStream(await jetstreamManager(nats))
        transport = createJetStreamTransport({ js: jetstream(nats) })
        consumer = createJetStreamConsumer({
          js: jetstream(nats),
          jsm: await jetstreamManager(nats),
          stream: DEFAULT_EVENT_STREAM,
          durable: 'rustok-handlers',
          // Stored older versions reach the handlers upcast to the current schema.
          catalog: services.catalog,
          handle: async (envelope) => {
            await inProcess.deliver(envelope)
          },
          onDeadLetter: (letter) => {
            services.logger.error(
              {
                eventId: letter.envelope?.id,
                subject: letter.subject,
                error: String(letter.error),
              },
              'event dead-lettered by the JetStream consumer',
            )
          },
          onError: (error) => services.logger.warn({ error: String(error) }, 'consumer error'),
        })
        await consumer.start()
      }
      const started = createRelay({
        db: services.db,
        catalog: services.catalog,
        transport,
        owner,
        // The events module's maintenance job deletes them in batches; the relay's own pass
        // (10,000 a minute) keeps the same period.
        retentionMs: services.config.maintenance.eventsRetentionMs,
        onError: (error) => services.logger.warn({ error: String(error) }, 'relay error'),
      })
      relay = started
      stopOnCommitted = services.outbox.onCommitted(() => started.wake())
      // Commits in other processes (API-only instances) wake this relay through NOTIFY.
      unlisten = await listen(services.db, outboxChannel, {
        onNotify: () => started.wake(),
        onError: (error) => services.logger.warn({ error: error.message }, 'outbox listen error'),
      })
      started.start()
    },
    async stop() {
      stopOnCommitted?.()
      await unlisten?.()
      await relay?.stop()
      await consumer?.stop()
      await dispatcher.drain()
      await dispatcher.close()
      await nats?.drain()
    },
  }
}
