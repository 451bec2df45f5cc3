import type { AnyKysely } from '@rustok/core-db'
import { randomUUID } from 'node:crypto'
import {
  circuitBreaker,
  ConsecutiveBreaker,
  handleType,
  isBrokenCircuitError,
  type CircuitBreakerPolicy,
} from 'cockatiel'
import { uuidv7 } from 'uuidv7'
import { claimDeliveries, type ClaimedDelivery } from './internal/claim-deliveries'
import { settleDelivery, settleSuccesses } from './internal/settle-delivery'
import { createSuccessBatcher } from './internal/success-batcher'
import { attemptOutcome, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy'
import { createSecretBox, type SecretBox } from './secret-box'
import type { EventWriter } from './webhook-deps'
import type { WebhookResponse, WebhookSender } from './webhook-sender'
import { webhookHeaders } from './webhook-signature'
import type { Kysely } from 'kysely'
import type { WebhookTables } from './webhook-tables'

/** Options for {@link createDeliveryWorker}. */
export interface DeliveryWorkerOptions {
  readonly db: Kysely<WebhookTables> | AnyKysely
  readonly events: EventWriter
  /** The HTTP client; `createWebhookSender` (behind the SSRF guard) in production. */
  readonly send: WebhookSender
  /** Opens the endpoints' sealed secrets; the box the endpoint service seals with. Default: none sealed. */
  readonly secrets?: SecretBox
  readonly retry?: RetryPolicy
  /** Deliveries claimed per round. Default 50. */
  readonly batchSize?: number
  /** Most deliveries `drain` has in flight at once. Default 4 × `batchSize`. */
  readonly maxInFlight?: number
  /** Most deliveries of one endpoint in flight at once, across workers. Default 4. */
  readonly perEndpointConcurrency?: number
  /**
   * Most deliveries of one tenant in flight at once, over all its endpoints and across workers,
   * so that many slow endpoints of one tenant cannot take every slot. Default 32.
   */
  readonly perTenantConcurrency?: number
  /**
   * While deliveries are in flight and none settles, how often `drain` looks for new due ones
   * (another tenant's, or an endpoint's whose slot freed elsewhere). Default 1 s.
   */
  readonly recheckMs?: number
  /** How long a claim is held; past it, another worker takes the delivery over. Default 60 s. */
  readonly leaseMs?: number
  /** Consecutive failures that open an endpoint's circuit breaker. Default 5. */
  readonly breakerThreshold?: number
  /** How long an open breaker waits before letting one attempt through. Default 60 s. */
  readonly halfOpenAfterMs?: number
  /** An endpoint failing this long with no success in between is disabled. Default 5 days. */
  readonly disableAfterMs?: number
  readonly now?: () => Date
  readonly newId?: () => string
  readonly random?: () => number
  /** Names this worker's leases. Default: a random id. */
  readonly owner?: string
  /** The `user-agent` of deliveries. */
  readonly userAgent?: string
}

/** Claims due deliveries and sends them. */
export interface DeliveryWorker {
  readonly owner: string
  /** One round: claims a batch, sends it, settles every attempt. Resolves to the number claimed. */
  runOnce(): Promise<number>
  /**
   * Sends until nothing is due and nothing is in flight (the job's run), claiming again as soon
   * as any delivery settles, and every `recheckMs` while some are in flight. Resolves to the
   * number claimed.
   */
  drain(): Promise<number>
}

class EndpointFailure extends Error {}

/**
 * The delivery worker: claims due deliveries with a lease, signs them (Standard Webhooks, with the
 * endpoint's current and — during a rotation's grace — previous secret), sends them with a bounded
 * timeout, and settles each attempt: delivered, retried after a backoff with jitter (honouring
 * `Retry-After`), or dead after the last attempt. A per-endpoint circuit breaker (`cockatiel`)
 * stops sending to an endpoint that keeps failing; its deliveries wait without spending attempts.
 *
 * @example
 * ```ts
 * const worker = createDeliveryWorker({ db, events: outbox, send: createWebhookSender({ policy }) })
 * await worker.drain()
 * ```
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const db = options.db as Kysely<WebhookTables>
  const {
    events,
    send,
    secrets = createSecretBox([]),
    retry = DEFAULT_RETRY_POLICY,
    batchSize = 50,
    maxInFlight = 4 * batchSize,
    perEndpointConcurrency = 4,
    perTenantConcurrency = 32,
    recheckMs = 1_000,
    leaseMs = 60_000,
    breakerThreshold = 5,
    halfOpenAfterMs = 60_000,
    disableAfterMs = 5 * 86_400_000,
    now = () => new Date(),
    newId = uuidv7,
    random = Math.random,
    owner = `webhooks-${randomUUID()}`,
    userAgent = 'RusToK-Webhooks/1',
  } = options
  const breakers = new Map<string, CircuitBreakerPolicy>()
  const breakerOf = (endpointId: string): CircuitBreakerPolicy => {
    let breaker = breakers.get(endpointId)
    if (!breaker) {
      breaker = circuitBreaker(handleType(EndpointFailure), {
        halfOpenAfter: halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(breakerThreshold),
      })
      breakers.set(endpointId, breaker)
    }
    return breaker
  }

  /** Gives a claim back without spending its attempt (the breaker is open). */
  const release = (delivery: ClaimedDelivery) =>
    db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        lease_owner: null,
        lease_expires_at: null,
        attempts: eb('attempts', '-', 1),
        next_attempt_at: new Date(now().getTime() + halfOpenAfterMs),
      }))
      .where('id', '=', delivery.id)
      .where('lease_owner', '=', owner)
      .execute()

  // Successes, the common case, are settled many to a statement.
  const settleSuccess = createSuccessBatcher({
    settle: (successes) => settleSuccesses({ db, owner, newId }, successes),
    maxGroup: Math.max(batchSize, 1),
  })

  const deliver = async (delivery: ClaimedDelivery): Promise<void> => {
    const sentAt = now()
    let signing: string[]
    try {
      signing = [secrets.open(delivery.secret, delivery.endpoint_id)]
      if (
        delivery.previous_secret !== null &&
        delivery.previous_secret_expires_at !== null &&
        new Date(delivery.previous_secret_expires_at) > sentAt
      )
        signing.push(secrets.open(delivery.previous_secret, delivery.endpoint_id))
    } catch (error) {
      // No key of the server's ring opens the secret: an attempt that failed before sending,
      // retried (and logged for the tenant) like a network error, so that putting the key back
      // lets the delivery go out.
      const response: WebhookResponse = {
        ok: false,
        kind: 'network',
        error: `signing secret: ${error instanceof Error ? error.message : String(error)}`,
      }
      const outcome = attemptOutcome(response, {
        policy: retry,
        attempt: delivery.attempts,
        now: sentAt,
        random,
      })
      await settleDelivery({ db, events, owner, now: sentAt, newId, disableAfterMs }, delivery, {
        response,
        outcome,
        latencyMs: 0,
      })
      return
    }
    const signed = webhookHeaders(signing, {
      id: delivery.id,
      timestamp: Math.floor(sentAt.getTime() / 1000),
      body: delivery.body,
    })
    let response: WebhookResponse | undefined
    const started = performance.now()
    try {
      await breakerOf(delivery.endpoint_id).execute(async () => {
        response = await send({
          url: delivery.url,
          headers: { ...delivery.headers, 'user-agent': userAgent, ...signed },
          body: delivery.body,
        })
        if (!(response.ok && response.status >= 200 && response.status < 300))
          throw new EndpointFailure()
      })
    } catch (error) {
      if (isBrokenCircuitError(error)) {
        await release(delivery)
        return
      }
      if (!(error instanceof EndpointFailure)) throw error
    }
    const latencyMs = performance.now() - started
    const settledAt = now()
    const outcome = attemptOutcome(response!, {
      policy: retry,
      attempt: delivery.attempts,
      now: settledAt,
      random,
    })
    const record = { response: response!, outcome, latencyMs }
    if (outcome.kind === 'success') await settleSuccess({ delivery, at: settledAt, record })
    else
      await settleDelivery(
        { db, events, owner, now: settledAt, newId, disableAfterMs },
        delivery,
        record,
      )
  }

  /** Claims up to `limit` due deliveries and starts sending them; one promise per delivery. */
  const claimAndStart = async (limit: number): Promise<Promise<void>[]> => {
    const at = now()
    const claimed = await claimDeliveries(db, {
      owner,
      now: at,
      leaseUntil: new Date(at.getTime() + leaseMs),
      limit,
      perEndpoint: perEndpointConcurrency,
      perTenant: perTenantConcurrency,
    })
    return claimed.map(deliver)
  }

  /** Resolves when any delivery in flight settles, or after `recheckMs`. */
  const settledOrRecheck = (inFlight: ReadonlySet<Promise<void>>): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const recheck = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, recheckMs)
    })
    return Promise.race([...inFlight, recheck]).finally(() => clearTimeout(timer))
  }

  return {
    owner,
    async runOnce() {
      const started = await claimAndStart(batchSize)
      await Promise.all(started)
      return started.length
    },
    async drain() {
      // A pump, not batch after batch: a slot freed by any delivery is claimed again at once, so
      // a slow endpoint holds only its own slots (≤ perEndpointConcurrency), and a tenant's slow
      // endpoints together ≤ perTenantConcurrency, while the others' deliveries flow past them.
      const inFlight = new Set<Promise<void>>()
      let total = 0
      let settled = 0
      // A delivery that failed outside its attempt (the database, say): the drain fails with it,
      // once the loop looks, instead of the rejection going unhandled while a claim runs.
      const failures: unknown[] = []
      for (;;) {
        if (failures.length > 0) throw failures[0]
        const free = maxInFlight - inFlight.size
        const settledBefore = settled
        const started = free > 0 ? await claimAndStart(Math.min(batchSize, free)) : []
        for (const delivery of started) {
          const tracked: Promise<void> = delivery
            .catch((error: unknown) => {
              failures.push(error)
            })
            .finally(() => {
              settled += 1
              inFlight.delete(tracked)
            })
          inFlight.add(tracked)
        }
        total += started.length
        // A claim reads the leases as they were when its query began: a delivery that settled
        // while the claim ran may still have counted against its endpoint's or tenant's limit
        // there. Finding nothing then does not mean nothing is due, so claim again at once
        // (without this, the claim behind the last deliveries in flight ended the drain with
        // the rest of a capped tenant's deliveries still due).
        const stale = settled !== settledBefore
        if (started.length === 0 && !stale && inFlight.size === 0) {
          if (failures.length > 0) throw failures[0]
          return total
        }
        // Full: only a settled delivery frees a slot. Otherwise nothing was due: wait for a slot
        // to free or for new deliveries to come due (the job does not run again before `drain`
        // returns, so without the recheck they would wait for the slowest delivery in flight).
        if (inFlight.size >= maxInFlight) await Promise.race(inFlight)
        else if (started.length === 0 && !stale) await settledOrRecheck(inFlight)
      }
    },
  }
}
