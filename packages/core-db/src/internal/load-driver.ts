import { CoreDbError } from '../core-db-error'

/** The optional peer dependencies core-db loads on demand, and what each one is for. */
const drivers = {
  pg: 'PostgreSQL',
  '@electric-sql/pglite': 'PGlite',
} as const

/** One of the optional driver packages. */
export type DriverPackage = keyof typeof drivers

/**
 * Runs `load` (a literal `import()` of `name`, so bundlers still see it) and turns "the package is
 * not installed" into a `CoreDbError` that says what to install; other failures pass through.
 */
export async function loadDriver<T>(name: DriverPackage, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (error) {
    throw driverImportError(name, error)
  }
}

/** The error to throw when importing driver `name` failed with `error`. */
export function driverImportError(name: DriverPackage, error: unknown): unknown {
  if (!isMissingPackage(name, error)) return error
  return new CoreDbError(
    'INVALID_INPUT',
    `${drivers[name]} needs the "${name}" package, which is not installed: ` +
      `add it to your dependencies (pnpm add ${name}, or npm install ${name}).`,
    { cause: error },
  )
}

function isMissingPackage(name: string, error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false
  // Only the driver itself: a dependency missing inside an installed driver is another problem.
  // Node: "Cannot find package 'pg' imported from …"; CommonJS and bundlers: "Cannot find module 'pg'".
  return (
    typeof message === 'string' && (message.includes(`'${name}'`) || message.includes(`"${name}"`))
  )
}
