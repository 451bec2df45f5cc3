import { CoreEventsError } from '../core-events-error'
import type { EventEnvelope } from '../event-envelope'
import type { DeliveryFailure, DispatchResult, EventHandler } from '../event-dispatcher'
import { createFifo } from './fifo'
import type { Fifo } from './fifo'

/** How one delivery ended; `broken` means a dependency (dead-letter store, sleep) threw. */
export type Outcome =
  | { readonly kind: 'handled'; readonly handler: string }
  | { readonly kind: 'dead-lettered'; readonly failure: DeliveryFailure }
  | { readonly kind: 'broken'; readonly error: unknown }

/** One envelope waiting in a handler's queue, with the callback that reports its outcome. */
export interface Delivery {
  readonly envelope: EventEnvelope
  readonly settle: (outcome: Outcome) => void
}

/** A registered handler with its queue and running count. */
export interface Slot {
  readonly name: string
  readonly matches: (type: string) => boolean
  readonly handle: (envelope: EventEnvelope) => Promise<void>
  readonly concurrency: number
  readonly queue: Fifo<Delivery>
  running: number
}

function invalid(reason: string): never {
  throw new CoreEventsError('INVALID_DEFINITION', `Invalid event handler: ${reason}`)
}

/** Validates a handler (`INVALID_DEFINITION`) and gives it an empty queue. */
export function toSlot(handler: EventHandler): Slot {
  const { name, types, concurrency = 1 } = handler
  if (typeof name !== 'string' || name.trim() === '') invalid('name must be a non-empty string')
  const all = types === '*'
  if (!all && (!Array.isArray(types) || types.length === 0)) {
    invalid(`"${name}": types must be '*' or a non-empty list of event types`)
  }
  if (typeof handler.handle !== 'function') invalid(`"${name}": handle must be a function`)
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    invalid(`"${name}": concurrency must be an integer ≥ 1`)
  }
  const wanted = new Set(all ? [] : types)
  return {
    name,
    matches: all ? () => true : (type) => wanted.has(type),
    handle: (envelope) => handler.handle(envelope),
    concurrency,
    queue: createFifo<Delivery>(),
    running: 0,
  }
}

/** Folds the outcomes of one envelope into its result; rethrows a `broken` outcome's error. */
export function toResult(outcomes: readonly Outcome[]): DispatchResult {
  const handled: string[] = []
  const deadLettered: DeliveryFailure[] = []
  for (const outcome of outcomes) {
    if (outcome.kind === 'broken') throw outcome.error
    if (outcome.kind === 'handled') handled.push(outcome.handler)
    else deadLettered.push(outcome.failure)
  }
  return { handled, deadLettered }
}
