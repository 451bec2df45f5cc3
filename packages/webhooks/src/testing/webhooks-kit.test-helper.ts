import { randomUUID } from 'node:crypto'
import { createAddressPolicy } from '../address-policy'
import type { IdempotentHandler } from '@rustok/outbox'
import { createDeliveryService, type DeliveryService } from '../delivery-service'
import {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerOptions,
} from '../delivery-worker'
import { createEndpointService, type EndpointService } from '../endpoint-service'
import { createFanoutHandler } from '../fanout-handler'
import { createSecretBox, generateSecretKey, type SecretBox } from '../secret-box'
import { createWebhookSender } from '../webhook-sender'
import type { WebhooksTestDb } from './webhooks-test-db.test-helper'

/** The server key the kit seals secrets with (one per test run). */
const TEST_SECRET_KEY: string = generateSecretKey()

/** A clock a test moves by hand. */
export interface ManualClock {
  readonly now: () => Date
  set(at: Date | string): void
  advance(ms: number): void
}

/** A clock starting at `start`. */
function manualClock(start = '2026-03-01T10:00:00.000Z'): ManualClock {
  let at = new Date(start)
  return {
    now: () => new Date(at),
    set: (value) => {
      at = new Date(value)
    },
    advance: (ms) => {
      at = new Date(at.getTime() + ms)
    },
  }
}

/** The package's services over a test database, with a hand-moved clock. */
export interface WebhooksKit {
  readonly clock: ManualClock
  readonly endpoints: EndpointService
  readonly deliveries: DeliveryService
  readonly fanout: IdempotentHandler
  readonly worker: DeliveryWorker
  readonly actor: { readonly userId: string }
}

/** The services of the package over a test database, loopback allowed, http allowed. */
export function webhooksKit(
  t: WebhooksTestDb,
  options: {
    readonly clock?: ManualClock
    readonly worker?: Partial<DeliveryWorkerOptions>
    /**
     * The sender's limit per request. Default 15 s: the loopback receiver answers at once, and on
     * a loaded machine a 2 s limit timed out 101 of 180 requests of the four-worker race; tests
     * of hanging receivers set their own.
     */
    readonly timeoutMs?: number
    /** Default: sealed with {@link TEST_SECRET_KEY}. */
    readonly secrets?: SecretBox
  } = {},
): WebhooksKit {
  const clock = options.clock ?? manualClock()
  const policy = createAddressPolicy({ allow: ['127.0.0.1/32', '::1'] })
  // Secrets are sealed at rest in every test that uses the kit, as the server configures it.
  const secrets = options.secrets ?? createSecretBox([TEST_SECRET_KEY])
  const deps = { db: t.db, events: t.outbox, now: clock.now, policy, allowHttp: true, secrets }
  const endpoints = createEndpointService(deps)
  const deliveries = createDeliveryService(deps)
  const fanout = createFanoutHandler({ db: t.db, now: clock.now })
  const worker = createDeliveryWorker({
    db: t.db,
    events: t.outbox,
    send: createWebhookSender({ policy, timeoutMs: options.timeoutMs ?? 15_000 }),
    secrets,
    now: clock.now,
    retry: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 },
    // Tests of retries see every attempt; the breaker's own test lowers this.
    breakerThreshold: 1_000,
    ...options.worker,
  })
  return { clock, endpoints, deliveries, fanout, worker, actor: { userId: randomUUID() } }
}
