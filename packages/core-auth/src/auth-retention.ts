import { deleteInBatches } from '@rustok/core-db'
import { sql } from 'kysely'
import type { AnyKysely } from './auth-tables'

/** How long what {@link pruneAuthData} deletes is kept, and how it deletes. */
export interface AuthRetentionOptions {
  readonly now?: () => Date
  /**
   * How long expired sessions (every rotation of a refresh token is a row) and expired single-use
   * tokens stay after they expire. An expired row can never be used again; keeping it a while
   * only helps whoever investigates. Default 1 day.
   */
  readonly retentionMs?: number
  /** The login throttle's window: a counter whose window ended counts nothing. Default 900 s. */
  readonly throttleWindowSeconds?: number
  /** Rows per statement. Default 5,000. */
  readonly batchSize?: number
  /** Statements per table per call. Default 100. */
  readonly maxBatches?: number
}

/** Rows {@link pruneAuthData} deleted, by table. */
export interface AuthPruned {
  readonly sessions: number
  readonly auth_tokens: number
  readonly login_throttle: number
}

/**
 * Deletes what core-auth's tables accumulate and nothing needs any more: sessions whose refresh
 * token expired (with a sliding lifetime, an active sign-in leaves one rotated row per refresh),
 * expired single-use tokens, and login-throttle counters whose window ended (their keys are chosen
 * by whoever tries to sign in). In batches that skip rows other processes hold, so several workers
 * may run it at once (`deleteInBatches` of `@rustok/core-db`).
 *
 * A rotated row is kept until its token expires, so reuse of a stolen refresh token is detected
 * (and its family revoked) for the token's whole life.
 *
 * @example
 * ```ts
 * const pruned = await pruneAuthData(db, { retentionMs: 86_400_000 })
 * logger.info(pruned, 'auth tables pruned')
 * ```
 */
export async function pruneAuthData(
  db: AnyKysely,
  options: AuthRetentionOptions = {},
): Promise<AuthPruned> {
  const {
    now = () => new Date(),
    retentionMs = 86_400_000,
    throttleWindowSeconds = 900,
    batchSize,
    maxBatches,
  } = options
  const at = now().getTime()
  const expiredBefore = new Date(at - retentionMs)
  const windowEndedBefore = new Date(at - throttleWindowSeconds * 1000)
  const batches = { batchSize, maxBatches }
  return {
    sessions: await deleteInBatches(db, {
      table: 'sessions',
      key: ['id'],
      where: sql<boolean>`expires_at < ${expiredBefore}`,
      ...batches,
    }),
    auth_tokens: await deleteInBatches(db, {
      table: 'auth_tokens',
      key: ['id'],
      where: sql<boolean>`expires_at < ${expiredBefore}`,
      ...batches,
    }),
    login_throttle: await deleteInBatches(db, {
      table: 'login_throttle',
      key: ['key'],
      where: sql<boolean>`window_start <= ${windowEndedBefore}`,
      ...batches,
    }),
  }
}
