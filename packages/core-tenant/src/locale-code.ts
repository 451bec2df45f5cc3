import * as v from 'valibot'

const LOCALE_PATTERN = /^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?$/
const LOCALE_MAX_LENGTH = 10

/**
 * Normalises a locale code to its canonical case (`pt-br` → `pt-BR`, `zh-hant-tw` → `zh-Hant-TW`),
 * or returns `undefined` when it is not `language[-Script][-REGION]` of at most 10 characters.
 *
 * @example
 * ```ts
 * normaliseLocale(' EN-us ') // 'en-US'
 * normaliseLocale('english') // undefined
 * ```
 */
export function normaliseLocale(raw: string): string | undefined {
  const value = raw.trim().toLowerCase()
  const match = LOCALE_PATTERN.exec(value)
  if (!match || value.length > LOCALE_MAX_LENGTH) return undefined
  const [, language = '', script, region] = match
  const parts = [language]
  if (script) parts.push(script[0]?.toUpperCase() + script.slice(1))
  if (region) parts.push(region.toUpperCase())
  return parts.join('-')
}

/**
 * Valibot schema of a locale code: validates with {@link normaliseLocale} and outputs the
 * normalised code.
 *
 * @example
 * ```ts
 * v.parse(LocaleCodeSchema, 'pt-br') // 'pt-BR'
 * ```
 */
export const LocaleCodeSchema: v.GenericSchema<string, string> = v.pipe(
  v.string('must be a string'),
  // The rule as JSON Schema keywords for the OpenAPI document; the case is normalised.
  v.metadata({
    pattern: '^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?$',
    maxLength: LOCALE_MAX_LENGTH,
    description: 'A locale code language[-Script][-REGION], such as en, pt-BR or zh-Hant-TW.',
  }),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const locale = normaliseLocale(dataset.value)
    if (locale !== undefined) return locale
    addIssue({ message: 'must be a locale code such as "en" or "pt-BR"' })
    return NEVER
  }),
)
