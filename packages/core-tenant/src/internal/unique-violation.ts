/**
 * The constraint named by a PostgreSQL unique violation (SQLSTATE 23505), or `undefined` for any
 * other error. Works with node-postgres and PGlite errors, which both carry `code` and `constraint`.
 */
export function uniqueViolation(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, constraint } = error as { code?: unknown; constraint?: unknown }
  if (code !== '23505') return undefined
  return typeof constraint === 'string' ? constraint : ''
}
