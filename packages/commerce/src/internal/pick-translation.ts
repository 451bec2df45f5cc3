/**
 * The translation a reader gets: the first of `candidates` (the tenant's fallback chain) that
 * exists, else any. Its `locale` field tells the reader which one it is.
 */
export function pickTranslation<T extends { readonly locale: string }>(
  candidates: readonly string[],
  rows: readonly T[],
): T | null {
  for (const locale of candidates) {
    const found = rows.find((row) => row.locale === locale)
    if (found) return found
  }
  return rows[0] ?? null
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = out.get(k)
    if (list) list.push(row)
    else out.set(k, [row])
  }
  return out
}
