import type { WeakPassword } from '@rustok/core-auth'
import type { Context } from 'hono'
import { problemResponse } from '../../errors/problem'
import type { AppEnv } from '../../http/app-env'
export { principalOf } from '../../http/request-event-context'
import { ipKey } from '../../rate-limit/rate-limit-keys'

const socketIp = ipKey()

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
