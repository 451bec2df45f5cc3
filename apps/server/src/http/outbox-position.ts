import { AsyncLocalStorage } from 'node:async_hooks'
import type { MiddlewareHandler } from 'hono'

/**
 * The response header that carries the highest outbox position (`sys_events.seq`) a request's
 * writes inserted. A client passes it as `after=<position>` to a read model's route (the index's
 * search) to read its own write (ADR 0035). Absent when the request wrote no event.
 */
export const OUTBOX_POSITION_HEADER = 'RusToK-Outbox-Position'

/** Where the outbox reports the positions it wrote, and the middleware that answers with them. */
export interface WritePositions {
  /** The outbox's `onWritten`: remembers the highest position for the current request. */
  readonly record: (position: string) => void
  /** Runs each request in its own slot and adds {@link OUTBOX_POSITION_HEADER} to a success. */
  readonly middleware: MiddlewareHandler
}

// Positions are bigints as decimal strings without leading zeros: the longer one is higher.
const higher = (a: string, b: string): string =>
  a.length > b.length || (a.length === b.length && a > b) ? a : b

/**
 * Tracks outbox positions per request in an `AsyncLocalStorage`: the outbox's writer reports
 * them from inside the services' transactions, which run in the request's async context, so no
 * package's service needs to know about HTTP. Writes outside a request (jobs, handlers) are not
 * recorded.
 */
export function createWritePositions(): WritePositions {
  const storage = new AsyncLocalStorage<{ position: string | null }>()
  return {
    record(position) {
      const slot = storage.getStore()
      if (slot) slot.position = slot.position === null ? position : higher(slot.position, position)
    },
    middleware: async (c, next) => {
      const slot: { position: string | null } = { position: null }
      await storage.run(slot, next)
      // Only a success: a failed request's transaction rolled back, its position names nothing.
      if (slot.position !== null && c.res.status < 400)
        c.header(OUTBOX_POSITION_HEADER, slot.position)
    },
  }
}
