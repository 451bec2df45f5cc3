/**
 * The item for the first of `candidates` it exists in, else the first item (lowest locale), else
 * `undefined`: the tenant's fallback chain applied to one list of translations.
 */
export function pickText<T extends { readonly locale: string }>(
  items: readonly T[],
  candidates: readonly string[],
): T | undefined {
  for (const locale of candidates) {
    const found = items.find((item) => item.locale === locale)
    if (found) return found
  }
  return items[0]
}

/** Plain text of a stored body (markdown or HTML): tags and markup characters dropped. */
export function plainText(body: string): string {
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ')
    .replace(/[#*_`>[\]()!|~-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100_000)
}
