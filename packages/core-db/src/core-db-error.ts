/** Stable machine-readable codes carried by {@link CoreDbError}. */
export type CoreDbErrorCode =
  /**
   * Options passed to `createDb`, `listen` or the migrator are invalid, or the chosen driver
   * package is not installed.
   */
  | 'INVALID_INPUT'
  /** The database has executed a migration that the code does not know. */
  | 'UNKNOWN_MIGRATION'
  /** A migration threw; the database was left at the last good migration. */
  | 'MIGRATION_FAILED'
  /** The outer `db` was used inside its own transaction callback. */
  | 'OUTER_DB_IN_TRANSACTION'

/**
 * The one error class of `@rustok/core-db`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class CoreDbError extends Error {
  override readonly name = 'CoreDbError'
  readonly code: CoreDbErrorCode

  constructor(code: CoreDbErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link CoreDbError} by its `name`, so it works across bundles. */
export function isCoreDbError(value: unknown): value is CoreDbError {
  return value instanceof Error && value.name === 'CoreDbError'
}
