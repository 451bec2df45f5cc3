import { CoreEventsError } from './core-events-error'
import type { EventEnvelope } from './event-envelope'
import { isPermanentError } from './handler-error'
import { toResult, toSlot } from './internal/handler-slot'
import type { Outcome, Slot } from './internal/handler-slot'
import { createPressureGauge } from './internal/pressure-gauge'
import { exponentialBackoff } from './retry-policy'
import type { BackoffPolicy } from './retry-policy'

/** A named reaction to events, registered on an {@link EventDispatcher}. */
export interface EventHandler {
  /** Unique per dispatcher; names the handler in results, dead letters and stats. */
  readonly name: string
  /** Dotted event types to receive, or `'*'` for every type. */
  readonly types: readonly string[] | '*'
  /**
   * Handles one envelope. Delivery is at-least-once, so make the effect idempotent (E6). Throw
   * `permanentError(…)` when a retry cannot help; any other error is retried with backoff.
   */
  handle(envelope: EventEnvelope): Promise<void>
  /** Most deliveries this handler runs at once; others wait in its FIFO queue. Default `1`. */
  readonly concurrency?: number
}

/** A delivery that was given up on: which handler, after how many attempts, and the last error. */
export interface DeliveryFailure {
  /** The handler's name. */
  readonly handler: string
  /** The last error the handler threw. */
  readonly error: unknown
  /** Attempts made, the failed last one included. */
  readonly attempts: number
}

/** What `onDeadLetter` receives: the failure plus the envelope, enough to store and replay it. */
export interface DeadLetter extends DeliveryFailure {
  /** The envelope that could not be handled. */
  readonly envelope: EventEnvelope
  /** When the delivery was given up on (from the injected clock). */
  readonly deadLetteredAt: Date
}

/** The outcome of one dispatched envelope, once every matching handler is done with it. */
export interface DispatchResult {
  /** Names of the handlers that handled it. */
  readonly handled: readonly string[]
  /** Deliveries that were dead-lettered. */
  readonly deadLettered: readonly DeliveryFailure[]
}

/** The dispatcher's load: below the warning threshold, at or above it, at or above the critical one. */
export type PressureLevel = 'normal' | 'warning' | 'critical'

/** What `onPressure` receives, once per level change. */
export interface PressureChange {
  /** The new level. */
  readonly level: PressureLevel
  /** Outstanding deliveries when the level changed. */
  readonly depth: number
  /** The queue capacity. */
  readonly capacity: number
}

/** Counters since creation, plus the current load. */
export interface DispatcherStats {
  /** Envelopes accepted by `dispatch`/`tryDispatch`. */
  readonly published: number
  /** Deliveries a handler completed. */
  readonly handled: number
  /** Retries scheduled after a transient error. */
  readonly retried: number
  /** Handler invocations that threw. */
  readonly failed: number
  /** Deliveries given up on. */
  readonly deadLettered: number
  /** Envelopes refused because the queue was full. */
  readonly rejected: number
  /** Outstanding deliveries: queued, running or waiting to retry. */
  readonly depth: number
  /** Deliveries running (or waiting to retry) per handler name. */
  readonly inFlight: Readonly<Record<string, number>>
}

/** The synchronous answer of {@link EventDispatcher.tryDispatch}. */
export type DispatchAdmission =
  | { readonly accepted: true; readonly done: Promise<DispatchResult> }
  | { readonly accepted: false; readonly reason: 'QUEUE_FULL' | 'CLOSED'; readonly depth: number }

/** Dependencies and limits of {@link createEventDispatcher}. */
export interface EventDispatcherOptions {
  /** Attempts per delivery, the first included. Default `5`. */
  readonly maxAttempts?: number
  /** Delay before retry `n + 1` after attempt `n` failed. Default `exponentialBackoff()`. */
  readonly backoff?: BackoffPolicy
  /** Most outstanding deliveries (one per matching handler per envelope). Default `10_000`. */
  readonly queueCapacity?: number
  /** Share of the capacity at which the level becomes `warning`. Default `0.7`. */
  readonly warningRatio?: number
  /** Share of the capacity at which the level becomes `critical` and new envelopes are refused. Default `0.9`. */
  readonly criticalRatio?: number
  /** Stores a dead letter (for inspection and replay). If it throws, `dispatch` rejects with that error. */
  readonly onDeadLetter?: (deadLetter: DeadLetter) => void | Promise<void>
  /** Called synchronously on every pressure level change; what it throws is ignored. */
  readonly onPressure?: (change: PressureChange) => void
  /** Waits `ms` milliseconds. Default: a `setTimeout` promise. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Clock for `deadLetteredAt`. Default: the system clock. */
  readonly now?: () => Date
}

/** Runs handlers for dispatched envelopes with retries, dead letters and bounded queues (E6, E7). */
export interface EventDispatcher {
  /** Attempts per delivery, as configured (`1` when another layer, such as the relay, retries). */
  readonly maxAttempts: number
  /** Adds a handler. Throws `DUPLICATE_HANDLER`, `INVALID_DEFINITION`, or `CLOSED` after `close()`. */
  register(handler: EventHandler): void
  /** Admits an envelope or says why not, without throwing; `done` settles like `dispatch`'s promise. */
  tryDispatch(envelope: EventEnvelope): DispatchAdmission
  /**
   * Enqueues the envelope for every matching handler and resolves when each has handled it or
   * dead-lettered it. Rejects with `QUEUE_FULL` or `CLOSED`.
   */
  dispatch(envelope: EventEnvelope): Promise<DispatchResult>
  /** A snapshot of the counters and the current load. */
  stats(): DispatcherStats
  /** Resolves once no delivery is outstanding. */
  drain(): Promise<void>
  /** Refuses new envelopes (`CLOSED`) from now on, then drains. */
  close(): Promise<void>
}

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms)
  })

/**
 * Creates the in-process handler dispatcher. Each handler has its own FIFO queue and concurrency
 * limit; a delivery that throws is retried after `backoff(attempt)` up to `maxAttempts` attempts
 * (a permanent error ends it at once) and is then dead-lettered. A retrying delivery keeps its
 * concurrency slot, so a handler with `concurrency: 1` sees envelopes in dispatch order. All
 * handlers share one bounded queue: at the critical threshold new envelopes are refused
 * (`QUEUE_FULL`) instead of growing memory without bound.
 *
 * @example
 * ```ts
 * const dispatcher = createEventDispatcher({ onDeadLetter: (dead) => deadLetters.save(dead) })
 * dispatcher.register({
 *   name: 'search-indexer',
 *   types: ['node.created', 'node.updated'],
 *   concurrency: 4,
 *   handle: async (envelope) => indexer.index(envelope),
 * })
 * const { handled, deadLettered } = await dispatcher.dispatch(envelope)
 * ```
 */
export function createEventDispatcher({
  maxAttempts = 5,
  backoff = exponentialBackoff(),
  queueCapacity = 10_000,
  warningRatio = 0.7,
  criticalRatio = 0.9,
  onDeadLetter = () => undefined,
  onPressure = () => undefined,
  sleep = realSleep,
  now = () => new Date(),
}: EventDispatcherOptions = {}): EventDispatcher {
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new CoreEventsError('INVALID_DEFINITION', 'maxAttempts must be an integer ≥ 1')
  }
  const gauge = createPressureGauge({
    capacity: queueCapacity,
    warningRatio,
    criticalRatio,
    onPressure,
  })
  const slots = new Map<string, Slot>()
  const counters = { published: 0, handled: 0, retried: 0, failed: 0, deadLettered: 0, rejected: 0 }
  let depth = 0
  let closed = false
  let idleWaiters: (() => void)[] = []

  const attempt = async (slot: Slot, envelope: EventEnvelope): Promise<Outcome> => {
    for (let attempts = 1; ; attempts += 1) {
      try {
        await slot.handle(envelope)
        counters.handled += 1
        return { kind: 'handled', handler: slot.name }
      } catch (error) {
        counters.failed += 1
        if (attempts >= maxAttempts || isPermanentError(error)) {
          counters.deadLettered += 1
          const failure: DeliveryFailure = { handler: slot.name, error, attempts }
          await onDeadLetter({ ...failure, envelope, deadLetteredAt: now() })
          return { kind: 'dead-lettered', failure }
        }
        counters.retried += 1
        await sleep(backoff(attempts))
      }
    }
  }

  const finish = (): void => {
    depth -= 1
    gauge.update(depth)
    if (depth > 0) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  const pump = (slot: Slot): void => {
    while (slot.running < slot.concurrency) {
      const delivery = slot.queue.shift()
      if (delivery === undefined) return
      slot.running += 1
      // A throwing onDeadLetter, sleep or backoff must not lose the delivery's slot or depth.
      void attempt(slot, delivery.envelope)
        .catch((error: unknown): Outcome => ({ kind: 'broken', error }))
        .then((outcome) => {
          slot.running -= 1
          finish()
          delivery.settle(outcome)
          pump(slot)
        })
    }
  }

  const tryDispatch = (envelope: EventEnvelope): DispatchAdmission => {
    if (closed) return { accepted: false, reason: 'CLOSED', depth }
    const matching = [...slots.values()].filter((slot) => slot.matches(envelope.type))
    if (!gauge.admits(depth, matching.length)) {
      counters.rejected += 1
      return { accepted: false, reason: 'QUEUE_FULL', depth }
    }
    counters.published += 1
    const outcomes = matching.map(
      (slot) =>
        new Promise<Outcome>((settle) => {
          slot.queue.push({ envelope, settle })
        }),
    )
    depth += matching.length
    gauge.update(depth)
    for (const slot of matching) pump(slot)
    return { accepted: true, done: Promise.all(outcomes).then(toResult) }
  }

  const drain = (): Promise<void> =>
    depth === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))

  return {
    maxAttempts,
    register(handler) {
      if (closed) throw new CoreEventsError('CLOSED', 'The event dispatcher is closed')
      const slot = toSlot(handler)
      if (slots.has(slot.name)) {
        throw new CoreEventsError(
          'DUPLICATE_HANDLER',
          `Handler "${slot.name}" is already registered`,
        )
      }
      slots.set(slot.name, slot)
    },
    tryDispatch,
    dispatch(envelope) {
      const admission = tryDispatch(envelope)
      if (admission.accepted) return admission.done
      const message =
        admission.reason === 'CLOSED'
          ? 'The event dispatcher is closed'
          : `The event queue is full (${admission.depth} of ${queueCapacity} outstanding); "${envelope.type}" refused`
      return Promise.reject(new CoreEventsError(admission.reason, message))
    },
    stats: () => ({
      ...counters,
      depth,
      inFlight: Object.fromEntries([...slots.values()].map((slot) => [slot.name, slot.running])),
    }),
    drain,
    close() {
      closed = true
      return drain()
    },
  }
}
