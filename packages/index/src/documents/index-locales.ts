/** One locale a tenant's documents are written in, and the locales its texts may come from. */
export interface IndexLocale {
  readonly locale: string
  /** The tenant's fallback chain for `locale`, `locale` first. */
  readonly candidates: readonly string[]
}

/**
 * The locales a tenant's read models hold a document in: its enabled locales with their fallback
 * chains (core-tenant's `translationCandidates`). `null` from the port means "every locale the
 * entity has a translation in, without fallback".
 */
export type IndexLocales = (tenantId: string) => Promise<readonly IndexLocale[] | null>
