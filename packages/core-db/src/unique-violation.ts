/**
 * Whether `error` is a PostgreSQL unique violation (SQLSTATE 23505), from `pg` or PGlite; returns
 * the violated constraint's name (or `''` when the driver does not say), else `undefined`.
 * Services turn it into an expected `CONFLICT` outcome instead of a 500.
 *
 * @example
 * ```ts
 * try { await db.insertInto('tenants').values(row).execute() }
 * catch (error) { if (uniqueViolation(error) === 'tenants_slug_key') return { ok: false, reason: 'CONFLICT' }; throw error }
 * ```
 */
export function uniqueViolation(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, constraint } = error as { code?: unknown; constraint?: unknown }
  if (code !== '23505') return undefined
  return typeof constraint === 'string' ? constraint : ''
}
