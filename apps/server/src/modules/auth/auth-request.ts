import type { AuthEventContext, WeakPassword } from '@rustok/core-auth'
import type { Context } from 'hono'
import { problemResponse } from '../../errors/problem'
import type { AppEnv, Principal } from '../../http/app-env'
import { ipKey } from '../../rate-limit/rate-limit-keys'

const socketIp = ipKey()

/** The signed-in caller, or `undefined` on a public route. */
export function principalOf(c: Context<AppEnv>): Principal | undefined {
  // Set by authentication only: undefined on public routes, whatever the type says.
  const principal: Principal | undefined = c.get('principal')
  return principal
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Who acts and in which request, for the events core-auth writes: the signed-in user (none on
 * public routes), the request id as correlation id so one request's events form one chain, and the
 * W3C trace id. Correlation ids are UUIDs in the outbox; a caller's own `X-Request-Id` that is not
 * one starts a new chain instead.
 */
export function eventContext(c: Context<AppEnv>): AuthEventContext {
  const requestId = c.var.requestId
  return {
    actorId: principalOf(c)?.userId ?? null,
    correlationId: UUID.test(requestId) ? requestId : null,
    traceId: c.var.traceId,
  }
}

/** The client's address and agent, stored on sessions and in failed-login events. */
export function clientOf(c: Context<AppEnv>): { ip: string | null; userAgent: string | null } {
  const key = socketIp(c)
  const ip = key === undefined || key === 'ip:unknown' ? null : key.slice('ip:'.length)
  return { ip, userAgent: c.req.header('user-agent') ?? null }
}

/** 400 `INVALID_INPUT` with one field error, e.g. `body.token`. */
export function fieldProblem(c: Context<AppEnv>, path: string, message: string): Response {
  return problemResponse(c, { code: 'INVALID_INPUT', errors: [{ path, message }] })
}

/** The password policy's refusal as a field error on `path` (`body.password`). */
export function weakPasswordProblem(
  c: Context<AppEnv>,
  weak: WeakPassword,
  path: string,
): Response {
  const { policy } = weak
  const message =
    policy.reason === 'TOO_SHORT'
      ? `Expected at least ${policy.minLength} characters`
      : `Expected at most ${policy.maxLength} characters`
  return fieldProblem(c, path, message)
}
