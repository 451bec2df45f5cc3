import { uniqueViolation } from '@rustok/core-db'
/** Runs `work`; a unique violation (a concurrent duplicate) becomes a `CONFLICT` result. */
export async function conflictOnUniqueViolation<T>(
  work: () => Promise<T>,
): Promise<T | { readonly ok: false; readonly reason: 'CONFLICT' }> {
  try {
    return await work()
  } catch (error) {
    if (uniqueViolation(error) !== undefined) return { ok: false, reason: 'CONFLICT' }
    throw error
  }
}
