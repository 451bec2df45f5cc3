import type { Context } from 'hono'
import type { Principal } from './app-env'

/**
 * Any route's context, whatever its declaration guarantees: every request has its ids; a principal
 * exists only on signed-in routes. (Hono's `Context` is invariant in its variables, so the helpers
 * below take any context and read the variables they need.)
 */
type AnyRouteContext = Context

/** The signed-in caller, or `undefined` on a public route. */
export function principalOf(c: AnyRouteContext): Principal | undefined {
  // Set by authentication on signed-in routes only; a public route's type has no principal.
  const principal: unknown = c.get('principal' as never)
  return principal as Principal | undefined
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Who acts and in which request, as every package's event writers take it. */
export interface RequestEventContext {
  readonly actorId: string | null
  readonly correlationId: string | null
  readonly traceId: string
}

/**
 * Who acts and in which request, for the events a route's change writes: the signed-in user (none
 * on public routes), the server's request id as correlation id so one request's events form one
 * chain, and the W3C trace id. The caller's `X-Request-Id` is never used: a client could otherwise
 * choose the correlation id of its events, or join them to another request's chain. Correlation
 * ids are UUIDs in the outbox; a request id made otherwise (a custom `newId`) starts no chain.
 */
export function requestEventContext(c: AnyRouteContext): RequestEventContext {
  const requestId = c.get('requestId' as never) as string
  return {
    actorId: principalOf(c)?.userId ?? null,
    correlationId: UUID.test(requestId) ? requestId : null,
    traceId: c.get('traceId' as never) as string,
  }
}
