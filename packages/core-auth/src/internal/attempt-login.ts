import * as v from 'valibot'
import { loginFailed, type LoginFailureReason } from '../auth-events'
import type { LoginThrottle } from '../login-throttle'
import type { PasswordHasher } from '../password-hasher'
import type { Session } from '../session'
import type { User } from '../user'
import { clip, EmailSchema, IdSchema, parseInput, PasswordInputSchema } from './parse-input'
import { startSession } from './start-session'
import { transact, type TransactDeps } from './transact'

/** What a login needs besides the input. */
export interface LoginDeps extends TransactDeps {
  readonly hasher: Pick<PasswordHasher, 'hash' | 'verifyOrDummy' | 'needsRehash'>
  readonly throttle: LoginThrottle
  readonly ttlMs: number
  readonly newId: () => string
}

/** Outcome of a login before the access token is signed. */
export type LoginOutcome =
  | { ok: true; user: User; session: Session; refreshToken: string }
  | { ok: false; reason: Exclude<LoginFailureReason, 'THROTTLED'> }
  | { ok: false; reason: 'THROTTLED'; retryAfterSeconds: number }

const LoginSchema = v.object({
  tenantId: IdSchema,
  email: EmailSchema,
  password: PasswordInputSchema,
  ip: v.nullish(v.string()),
  userAgent: v.nullish(v.string()),
})

/**
 * One login: the throttle reserves the attempt (counting it, or refusing when the account or the
 * IP is at its limit), then the password check (the dummy hash when the e-mail is unknown, so the
 * time taken does not reveal accounts), the status check, and a new session family. Every refusal
 * is committed with its `auth.login_failed` event. A wrong password keeps its reservation: that is
 * the recorded failure. A right one gives it back, and a success also clears the account's count.
 */
export async function attemptLogin(deps: LoginDeps, input: unknown): Promise<LoginOutcome> {
  const data = parseInput(LoginSchema, input)
  const ip = clip(data.ip, 64)
  const attempt = { tenantId: data.tenantId, email: data.email, ip }
  const refuse = async (reason: LoginFailureReason, userId: string | null): Promise<void> => {
    await transact(deps, { tenantId: data.tenantId }, async (trx, events) => {
      // The password was right: this attempt was no guess, so it does not count.
      if (reason === 'USER_INACTIVE') await deps.throttle.release(attempt, trx)
      events.add(loginFailed, { email: data.email, userId, reason, ip })
    })
  }

  // Reserved before the password check: checking first and counting after let every one of many
  // concurrent guesses through a check that none of them had counted yet.
  const verdict = await deps.throttle.reserve(attempt)
  if (!verdict.allowed) {
    await refuse('THROTTLED', null)
    return { ok: false, reason: 'THROTTLED', retryAfterSeconds: verdict.retryAfterSeconds }
  }
  const row = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', data.tenantId)
    .where('email', '=', data.email)
    .executeTakeFirst()
  const matches = await deps.hasher.verifyOrDummy(row?.password_hash, data.password)
  if (!matches || row === undefined) {
    await refuse('INVALID_CREDENTIALS', row?.id ?? null)
    return { ok: false, reason: 'INVALID_CREDENTIALS' }
  }
  // Checked only after the password, so the status of an account is not told to strangers.
  if (row.status !== 'active') {
    await refuse('USER_INACTIVE', row.id)
    return { ok: false, reason: 'USER_INACTIVE' }
  }
  const rehashed = deps.hasher.needsRehash(row.password_hash)
    ? await deps.hasher.hash(data.password).catch(() => undefined)
    : undefined
  const context = { actorId: row.id }
  return transact(deps, { tenantId: data.tenantId, context }, async (trx, events) => {
    await deps.throttle.release(attempt, trx)
    await deps.throttle.reset(attempt, trx)
    const started = await startSession(trx, events, {
      id: deps.newId(),
      tenantId: row.tenant_id,
      userId: row.id,
      ip,
      userAgent: data.userAgent,
      now: deps.now(),
      ttlMs: deps.ttlMs,
      rehashed,
    })
    return { ok: true, ...started } as const
  })
}
