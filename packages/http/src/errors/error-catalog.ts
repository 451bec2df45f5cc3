import { ERROR_CODES, type ErrorCodeInfo } from './error-codes'

/** A table of error codes a package adds: code → status, title, retry flag. */
export type ErrorCodeTable = Readonly<Record<string, ErrorCodeInfo>>

/** One code with its row, ready to spread into a problem: `problemResponse(c, { ...X, detail })`. */
export type ErrorCodeDefinition<K extends string = string> = ErrorCodeInfo & { readonly code: K }

/**
 * Declares a package's own error codes. Each entry carries its code, so a route can answer with it
 * directly (`problemResponse(c, { ...AUTH_ERRORS.TOKEN_REUSED, detail })`), and the module
 * contributes the table to the server's {@link ErrorCatalog} so a thrown error with that code maps
 * the same way.
 *
 * @example
 * ```ts
 * export const AUTH_ERRORS = defineErrorCodes({ TOKEN_REUSED: errorRow(401, 'Refresh Token Reused') })
 * ```
 */
export function defineErrorCodes<K extends string>(
  table: Readonly<Record<K, ErrorCodeInfo>>,
): Readonly<Record<K, ErrorCodeDefinition<K>>> {
  const entries = (Object.keys(table) as K[]).map((code) => [code, { code, ...table[code] }])
  return Object.fromEntries(entries) as Record<K, ErrorCodeDefinition<K>>
}

/** What a module adds to the catalogue: its codes, and the error class names whose codes it trusts. */
export interface ErrorContribution {
  readonly codes?: ErrorCodeTable
  /** `name`s of error classes whose `code` (and, below 500, `message`) reach clients. */
  readonly errorNames?: readonly string[]
}

/** Every error code an app answers with (requirement D1): the shared ones plus the modules'. */
export interface ErrorCatalog {
  /** Every code, shared ones first, then in contribution order. */
  readonly codes: readonly string[]
  /** Error class names whose codes are trusted. */
  readonly errorNames: ReadonlySet<string>
  /** The row of `code`; any unknown value is `INTERNAL` (500), so a code never picks its status. */
  info(code: unknown): ErrorCodeDefinition
}

/** Names the kit itself throws. */
const KIT_ERROR_NAMES = ['RequestValidationError']

/**
 * Merges the shared {@link ERROR_CODES} with the modules' tables. A code defined twice with another
 * status, title or retry flag is a programming error and throws at start.
 */
export function createErrorCatalog(contributions: readonly ErrorContribution[] = []): ErrorCatalog {
  const rows = new Map<string, ErrorCodeInfo>(Object.entries(ERROR_CODES))
  const errorNames = new Set(KIT_ERROR_NAMES)
  for (const contribution of contributions) {
    for (const [code, row] of Object.entries(contribution.codes ?? {})) {
      const known = rows.get(code)
      if (
        known &&
        (known.status !== row.status ||
          known.title !== row.title ||
          known.retryable !== row.retryable)
      ) {
        throw new Error(`Error code ${code} is defined twice with different rows`)
      }
      rows.set(code, row)
    }
    for (const name of contribution.errorNames ?? []) errorNames.add(name)
  }
  const internal: ErrorCodeDefinition = { code: 'INTERNAL', ...ERROR_CODES.INTERNAL }
  return {
    codes: [...rows.keys()],
    errorNames,
    info: (code) => {
      const row = typeof code === 'string' ? rows.get(code) : undefined
      return row ? { code: code as string, ...row } : internal
    },
  }
}
