/**
 * Stable machine-readable codes carried by {@link CoreTenantError}.
 *
 * - `INVALID_INPUT`: input failed validation (`issues` says where), or a factory got a broken option.
 * - `NOT_FOUND`, `CONFLICT`, `FORBIDDEN`: for callers that prefer to throw a result's failure.
 * - `INTERNAL`: a broken invariant (a bug).
 */
export type CoreTenantErrorCode =
  'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'FORBIDDEN' | 'INTERNAL'

/** One validation problem, located by a dot path such as `slug` or `settings.theme`. */
export interface CoreTenantIssue {
  /** Dot path of the offending field; empty for the value as a whole. */
  readonly path: string
  /** Human-readable reason. */
  readonly message: string
}

/** Options of the {@link CoreTenantError} constructor. */
export interface CoreTenantErrorOptions {
  /** The underlying error, if any. */
  readonly cause?: unknown
  /** Validation issues, for `INVALID_INPUT`. */
  readonly issues?: readonly CoreTenantIssue[]
}

/**
 * The one error class of `@rustok/core-tenant`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class CoreTenantError extends Error {
  override readonly name = 'CoreTenantError'
  readonly code: CoreTenantErrorCode
  readonly issues: readonly CoreTenantIssue[]

  constructor(code: CoreTenantErrorCode, message: string, options: CoreTenantErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.issues = options.issues ?? []
  }
}

/** Narrows an unknown value to {@link CoreTenantError} by its `name`, so it works across bundles. */
export function isCoreTenantError(value: unknown): value is CoreTenantError {
  return value instanceof Error && value.name === 'CoreTenantError'
}
