import { AsyncLocalStorage } from 'node:async_hooks'
import type { MiddlewareHandler } from 'hono'
import { setResponseHeader } from '@rustok/http'

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

// Reads write no events: they never enter the storage (see below).
const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Tracks outbox positions per request in an `AsyncLocalStorage`: the outbox's writer reports
 * them from inside the services' transactions, which run in the request's async context, so no
 * package's service needs to know about HTTP. Writes outside a request (jobs, handlers) are not
 * recorded.
 *
 * On Node 20 an enabled `AsyncLocalStorage` makes every promise of the process pay async hooks
 * (ADR 0021), so only writes enter it, and it is switched off whenever no write is in flight (as
 * core-db's transaction guard does): a read never pays for it.
 */
export function createWritePositions(): WritePositions {
  const storage = new AsyncLocalStorage<{ position: string | null }>()
  let writesInFlight = 0
  return {
    record(position) {
      const slot = writesInFlight === 0 ? undefined : storage.getStore()
      if (slot) slot.position = slot.position === null ? position : higher(slot.position, position)
    },
    middleware: async (c, next) => {
      if (READS.has(c.req.method)) return next()
      const slot: { position: string | null } = { position: null }
      writesInFlight += 1
      try {
        await storage.run(slot, next)
      } finally {
        writesInFlight -= 1
        if (writesInFlight === 0) storage.disable()
      }
      // Only a success: a failed request's transaction rolled back, its position names nothing.
      if (slot.position !== null && c.res.status < 400)
        setResponseHeader(c, { name: OUTBOX_POSITION_HEADER, value: slot.position })
    },
  }
}
