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
 * ends. A login reserves its attempt before the password is checked ({@link LoginThrottle.reserve}),
 * so concurrent guesses cannot all pass a check that none of them has counted yet.
 */
export interface LoginThrottle {
  /**
   * Counts one attempt against the account and the IP if both are under their limits, else
   * counts nothing and refuses. Atomic across concurrent callers and instances: of any number of
   * parallel attempts, at most the limit are allowed. Runs in its own transaction. An allowed
   * attempt stays counted (as a failure) unless it is {@link LoginThrottle.release}d.
   */
  reserve(attempt: LoginAttemptKey): Promise<ThrottleVerdict>
  /**
   * Takes back one reserved attempt from the account and the IP: the attempt was not a failed
   * guess (the password was right). Never below zero; a window that has ended is left alone.
   */
  release(attempt: LoginAttemptKey, trx?: AnyKysely): Promise<void>
  /** Whether the account and the IP are both under their limits (a read; it counts nothing). */
  check(attempt: LoginAttemptKey, trx?: AnyKysely): Promise<ThrottleVerdict>
  /** Counts one failure against the account and the IP, whatever their counts. */
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

/** Thrown inside a reservation's transaction to roll back the keys it had already counted. */
class Refused extends Error {
  readonly retryAfterSeconds: number
  constructor(retryAfterSeconds: number) {
    super('login attempt refused by the throttle')
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/**
 * Creates the database-backed login throttle.
 *
 * @example
 * ```ts
 * const throttle = createLoginThrottle({ db, maxPerAccount: 5, maxPerIp: 20, windowSeconds: 900 })
 * const verdict = await throttle.reserve({ tenantId, email, ip })
 * if (!verdict.allowed) c.header('Retry-After', String(verdict.retryAfterSeconds))
 * else if (passwordIsRight) await throttle.release({ tenantId, email, ip })
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

  const retryAfterSeconds = (windowStart: Date, at: Date): number =>
    Math.max(1, Math.ceil((windowStart.getTime() + windowMs - at.getTime()) / 1000))

  return {
    async reserve(attempt) {
      const at = now()
      const windowOpenedAfter = new Date(at.getTime() - windowMs)
      try {
        await db.transaction().execute(async (trx) => {
          // Always the account before the IP: concurrent reservations lock rows in one order.
          for (const { key, max } of keysOf(attempt)) {
            // One statement counts and refuses: the conflict update's WHERE sees the row as it is
            // after every concurrent reservation that committed first (the row is locked), so a
            // key at its limit is never counted past it. No row back: the key is at its limit.
            const counted = await trx
              .insertInto('login_throttle')
              .values({ key, window_start: at, count: 1 })
              .onConflict((conflict) =>
                conflict
                  .column('key')
                  .doUpdateSet({
                    count: sql<number>`case when login_throttle.window_start > ${windowOpenedAfter}
                      then login_throttle.count + 1 else 1 end`,
                    window_start: sql<Date>`case when login_throttle.window_start > ${windowOpenedAfter}
                      then login_throttle.window_start else excluded.window_start end`,
                  })
                  .where((eb) =>
                    eb.or([
                      eb('login_throttle.window_start', '<=', windowOpenedAfter),
                      eb('login_throttle.count', '<', max),
                    ]),
                  ),
              )
              .returning('key')
              .executeTakeFirst()
            if (counted === undefined) {
              const row = await trx
                .selectFrom('login_throttle')
                .select('window_start')
                .where('key', '=', key)
                .executeTakeFirstOrThrow()
              throw new Refused(retryAfterSeconds(row.window_start, at))
            }
          }
        })
      } catch (error) {
        if (error instanceof Refused) {
          return { allowed: false, retryAfterSeconds: error.retryAfterSeconds }
        }
        throw error
      }
      return { allowed: true }
    },

    async release(attempt, trx: AnyKysely = db) {
      const windowOpenedAfter = new Date(now().getTime() - windowMs)
      await (trx as AuthDb)
        .updateTable('login_throttle')
        .set({ count: sql<number>`count - 1` })
        .where(
          'key',
          'in',
          keysOf(attempt).map((entry) => entry.key),
        )
        .where('count', '>', 0)
        .where('window_start', '>', windowOpenedAfter)
        .execute()
    },

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
