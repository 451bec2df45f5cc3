import type { Context } from 'hono'
import type { AppEnv, Principal } from './app-env'

/** The signed-in caller, or `undefined` on a public route. */
export function principalOf(c: Context<AppEnv>): Principal | undefined {
  // Set by authentication only: undefined on public routes, whatever the type says.
  const principal: Principal | undefined = c.get('principal')
  return principal
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
 * on public routes), the request id as correlation id so one request's events form one chain, and
 * the W3C trace id. Correlation ids are UUIDs in the outbox; a caller's own `X-Request-Id` that is
 * not one starts a new chain instead.
 */
export function requestEventContext(c: Context<AppEnv>): RequestEventContext {
  const requestId = c.get('requestId')
  return {
    actorId: principalOf(c)?.userId ?? null,
    correlationId: UUID.test(requestId) ? requestId : null,
    traceId: c.get('traceId'),
  }
}
