import type { WeakPassword } from '../index'
import type { Context } from 'hono'
import { clientAddress, problemResponse, type ClientAddressOptions } from '@rustok/http'

/**
 * The client's address and agent, stored on sessions and in failed-login events, and the IP the
 * login throttle counts: behind the configured `trustedProxies`, the client they forwarded.
 */
export function clientOf(
  c: Context,
  proxies: ClientAddressOptions,
): { ip: string | null; userAgent: string | null } {
  return { ip: clientAddress(c, proxies) ?? null, userAgent: c.req.header('user-agent') ?? null }
}

/** 400 `INVALID_INPUT` with one field error, e.g. `body.token`. */
export function fieldProblem(c: Context, path: string, message: string): Response {
  return problemResponse(c, { code: 'INVALID_INPUT', errors: [{ path, message }] })
}

/** The password policy's refusal as a field error on `path` (`body.password`). */
export function weakPasswordProblem(c: Context, weak: WeakPassword, path: string): Response {
  const { policy } = weak
  const message =
    policy.reason === 'TOO_SHORT'
      ? `Expected at least ${policy.minLength} characters`
      : `Expected at most ${policy.maxLength} characters`
  return fieldProblem(c, path, message)
}
