import { normaliseLocale } from './locale-code'

/** A tenant's fallback rules: each locale's next locale, and the default locale. */
export interface FallbackChain {
  /** Locale → the locale to try next when it has no translation; `null` or absent ends the chain. */
  readonly fallbacks: ReadonlyMap<string, string | null>
  /** The tenant's default locale, tried after the requested locale's chain. */
  readonly defaultLocale: string
}

/** How a translation was picked. */
export type TranslationMatch = 'exact' | 'fallback' | 'default' | 'any'

/** The translation picked by {@link resolveTranslation}. */
export interface ResolvedTranslation<T> {
  readonly locale: string
  readonly value: T
  readonly match: TranslationMatch
}

interface Candidate {
  readonly locale: string
  readonly match: Exclude<TranslationMatch, 'any'>
}

/**
 * The locales to try for `requested`, in order, without repeats:
 * 1. `requested` itself (normalised, e.g. `pt-br` → `pt-BR`);
 * 2. its fallback, that locale's fallback, and so on;
 * 3. its bare language (`pt` for `pt-BR`) and that locale's chain, when not already listed;
 * 4. the default locale and its chain.
 * A locale already listed ends a chain, so a cycle in `fallbacks` cannot loop. An invalid
 * `requested` starts at step 4.
 *
 * @example
 * ```ts
 * translationCandidates('pt-BR', { fallbacks: new Map([['pt-BR', 'pt'], ['pt', 'es']]), defaultLocale: 'en' })
 * // ['pt-BR', 'pt', 'es', 'en']
 * ```
 */
export function translationCandidates(requested: string, chain: FallbackChain): string[] {
  return candidates(requested, chain).map((candidate) => candidate.locale)
}

function candidates(requested: string, chain: FallbackChain): Candidate[] {
  const seen = new Set<string>()
  const out: Candidate[] = []
  const follow = (
    start: string | undefined,
    first: Candidate['match'],
    rest: Candidate['match'],
  ) => {
    let locale = start
    let match = first
    while (locale !== undefined && !seen.has(locale)) {
      seen.add(locale)
      out.push({ locale, match })
      const next = chain.fallbacks.get(locale)
      locale = next === null || next === undefined ? undefined : (normaliseLocale(next) ?? next)
      match = rest
    }
  }
  const wanted = normaliseLocale(requested)
  follow(wanted, 'exact', 'fallback')
  const language = wanted?.split('-')[0]
  if (language !== wanted) follow(language, 'fallback', 'fallback')
  follow(normaliseLocale(chain.defaultLocale) ?? chain.defaultLocale, 'default', 'default')
  return out
}

/**
 * Picks the best translation of a piece of content for `requested`: the first of
 * {@link translationCandidates} that `available` has, else any translation (the first in the
 * map's order, so the answer is stable), else `undefined` when there is none. Pure.
 *
 * @example
 * ```ts
 * const titles = new Map([['en', 'Hello'], ['de', 'Hallo']])
 * resolveTranslation(titles, 'de-AT', { fallbacks: new Map(), defaultLocale: 'en' })
 * // { locale: 'de', value: 'Hallo', match: 'fallback' }
 * ```
 */
export function resolveTranslation<T>(
  available: ReadonlyMap<string, T>,
  requested: string,
  chain: FallbackChain,
): ResolvedTranslation<T> | undefined {
  for (const { locale, match } of candidates(requested, chain)) {
    if (available.has(locale)) return { locale, value: available.get(locale) as T, match }
  }
  for (const [locale, value] of available) return { locale, value, match: 'any' }
  return undefined
}
