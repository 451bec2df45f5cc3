/** Whether a driver error is PostgreSQL's `unique_violation` (SQLSTATE 23505), on pg and PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
  )
}

/** Runs `work`; a unique violation (a concurrent duplicate) becomes a `CONFLICT` result. */
export async function conflictOnUniqueViolation<T>(
  work: () => Promise<T>,
): Promise<T | { readonly ok: false; readonly reason: 'CONFLICT' }> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, reason: 'CONFLICT' }
    throw error
  }
}
