/** PostgreSQL's built-in text-search configurations, by the language subtag of a locale. */
const CONFIGS: Readonly<Record<string, string>> = {
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  et: 'estonian',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  nb: 'norwegian',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
}

/**
 * The text-search configuration for a locale: the language's stemmer (`ru-RU` → `russian`), or
 * `simple` (lower-cased words, no stemming) for a language PostgreSQL has none for.
 *
 * @example
 * ```ts
 * searchConfig('de-AT') // 'german'
 * searchConfig('ja') // 'simple'
 * ```
 */
export function searchConfig(locale: string): string {
  const language = locale.split('-')[0]?.toLowerCase() ?? ''
  return CONFIGS[language] ?? 'simple'
}
