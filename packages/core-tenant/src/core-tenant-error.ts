/** Stable machine-readable codes carried by {@link CoreTenantError}. */
export type CoreTenantErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID_INPUT' | 'INTERNAL'

/**
 * The one error class of `@rustok/core-tenant`. Callers branch on `code` (or `name`),
 * never on `instanceof` across packages.
 */
export class CoreTenantError extends Error {
  override readonly name = 'CoreTenantError'
  readonly code: CoreTenantErrorCode

  constructor(code: CoreTenantErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

/** Narrows an unknown value to {@link CoreTenantError} by its `name`, so it works across bundles. */
export function isCoreTenantError(value: unknown): value is CoreTenantError {
  return value instanceof Error && value.name === 'CoreTenantError'
}
