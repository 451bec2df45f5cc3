import { sql } from 'kysely'
import type { AnyKysely, AuthDb } from './auth-tables'

/** One login attempt, as the throttle keys it. */
export interface LoginAttemptKey {
  readonly tenantId: string
  /** Lowercased e-mail. */
  readonly email: string
  /** Client address, if known. */
  readonly ip?: string | null | undefined
}

/** Whether another attempt may be made now. */
export type ThrottleVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }

/**
 * Failed-login counters per account and per IP, stored in PostgreSQL so every server instance
 * sees the same counts. Fixed windows: a key is blocked once it reaches its limit, until its window
 * ends. Every method takes an optional transaction to join the caller's.
 */
export interface LoginThrottle {
  /** Whether the account and the IP are both under their limits. */
  check(attempt: LoginAttemptKey, trx?: AnyKysely): Promise<ThrottleVerdict>
  /** Counts one failure against the account and the IP. */
  recordFailure(attempt: LoginAttemptKey, trx?: AnyKysely): Promise<void>
  /**
   * Clears the account's counter after a successful login. The IP counter is left alone, so one
   * valid account cannot be used to reset the budget for guessing others from the same address.
   */
  reset(attempt: LoginAttemptKey, trx?: AnyKysely): Promise<void>
  /** Deletes counters whose window has ended; returns how many. Run it now and then. */
  prune(trx?: AnyKysely): Promise<number>
}

/** Dependencies and limits of {@link createLoginThrottle}. */
export interface LoginThrottleOptions {
  /** Any Kysely instance whose schema includes the auth tables. */
  readonly db: AnyKysely
  /** Failures per account per window. Default 5. */
  readonly maxPerAccount?: number
  /** Failures per IP per window. Default 20. */
  readonly maxPerIp?: number
  /** Window length in seconds. Default 900 (15 minutes). */
  readonly windowSeconds?: number
  readonly now?: () => Date
}

const accountKey = (attempt: LoginAttemptKey): string =>
  `account:${attempt.tenantId}:${attempt.email}`
// Per IP across tenants: an attacker spraying many tenants from one address is still one budget.
const ipKey = (ip: string): string => `ip:${ip}`

/**
 * Creates the database-backed login throttle.
 *
 * @example
 * ```ts
 * const throttle = createLoginThrottle({ db, maxPerAccount: 5, maxPerIp: 20, windowSeconds: 900 })
 * const verdict = await throttle.check({ tenantId, email, ip })
 * if (!verdict.allowed) c.header('Retry-After', String(verdict.retryAfterSeconds))
 * ```
 */
export function createLoginThrottle({
  db: anyDb,
  maxPerAccount = 5,
  maxPerIp = 20,
  windowSeconds = 900,
  now = () => new Date(),
}: LoginThrottleOptions): LoginThrottle {
  const db = anyDb as AuthDb
  const windowMs = windowSeconds * 1000
  const keysOf = (attempt: LoginAttemptKey): { key: string; max: number }[] => [
    { key: accountKey(attempt), max: maxPerAccount },
    ...(attempt.ip ? [{ key: ipKey(attempt.ip), max: maxPerIp }] : []),
  ]

  return {
    async check(attempt, trx: AnyKysely = db) {
      const keys = keysOf(attempt)
      const at = now()
      const rows = await (trx as AuthDb)
        .selectFrom('login_throttle')
        .selectAll()
        .where(
          'key',
          'in',
          keys.map((entry) => entry.key),
        )
        .where('window_start', '>', new Date(at.getTime() - windowMs))
        .execute()
      let retryAfterMs = 0
      for (const row of rows) {
        const max = keys.find((entry) => entry.key === row.key)?.max ?? Infinity
        if (row.count >= max) {
          const endsIn = row.window_start.getTime() + windowMs - at.getTime()
          retryAfterMs = Math.max(retryAfterMs, endsIn)
        }
      }
      return retryAfterMs > 0
        ? { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }
        : { allowed: true }
    },

    async recordFailure(attempt, trx: AnyKysely = db) {
      const at = now()
      const windowOpenedAfter = new Date(at.getTime() - windowMs)
      // One upsert per key: concurrent failures on several instances add up without lost updates.
      for (const { key } of keysOf(attempt)) {
        await (trx as AuthDb)
          .insertInto('login_throttle')
          .values({ key, window_start: at, count: 1 })
          .onConflict((conflict) =>
            conflict.column('key').doUpdateSet({
              count: sql<number>`case when login_throttle.window_start > ${windowOpenedAfter}
                then login_throttle.count + 1 else 1 end`,
              window_start: sql<Date>`case when login_throttle.window_start > ${windowOpenedAfter}
                then login_throttle.window_start else excluded.window_start end`,
            }),
          )
          .execute()
      }
    },

    async reset(attempt, trx: AnyKysely = db) {
      await trx.deleteFrom('login_throttle').where('key', '=', accountKey(attempt)).execute()
    },

    async prune(trx: AnyKysely = db) {
      const result = await (trx as AuthDb)
        .deleteFrom('login_throttle')
        .where('window_start', '<=', new Date(now().getTime() - windowMs))
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },
  }
}
