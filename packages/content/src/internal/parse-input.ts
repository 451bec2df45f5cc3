import * as v from 'valibot'
import { ContentError } from '../content-error'

/**
 * Validates input at the package edge; throws `INVALID_INPUT` with every issue as a field error
 * (`translations.0.slug: must be a slug`), so the HTTP layer answers 400 with field paths.
 */
export function parseInput<TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
  prefix = '',
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, value)
  if (result.success) return result.output
  const errors = result.issues.map((issue) => {
    const path = v.getDotPath(issue) ?? ''
    return { path: prefix && path ? `${prefix}.${path}` : prefix || path, message: issue.message }
  })
  const summary = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')
  throw new ContentError('INVALID_INPUT', `Invalid input: ${summary}`, { errors })
}

/** A non-nil UUID, any case, lowercased. */
export const IdSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.uuid('must be a UUID'),
  v.toLowerCase(),
  v.notValue('00000000-0000-0000-0000-000000000000', 'must not be the nil UUID'),
)

/** `en`, `pt-BR`, `zh-Hant`: a BCP 47 language tag of the simple kind, normalised. */
export const LocaleSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'must be a locale code such as en or pt-BR'),
  v.maxLength(10, 'must be at most 10 characters'),
  v.transform(normaliseLocale),
)

/** `pt_br` → `pt-BR`, `ZH-hant` → `zh-Hant`: language lowercase, region uppercase, script title case. */
function normaliseLocale(code: string): string {
  const [language = '', ...rest] = code.replace(/_/g, '-').split('-')
  const parts = rest.map((part) => {
    if (part.length === 2 || /^\d{3}$/.test(part)) return part.toUpperCase()
    if (part.length === 4) return part[0]!.toUpperCase() + part.slice(1).toLowerCase()
    return part.toLowerCase()
  })
  return [language.toLowerCase(), ...parts].join('-')
}

/** A slug as stored: lowercase letters and digits in groups joined by single dashes. */
export const SlugSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(200, 'must be at most 200 characters'),
  v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters and digits joined by dashes'),
)

/** Largest JSON text of a node's metadata, in UTF-8 bytes. */
const METADATA_MAX_BYTES = 65_536

/** A JSON object of at most {@link METADATA_MAX_BYTES} once serialised. */
export const MetadataSchema: v.GenericSchema<Record<string, unknown>> = v.pipe(
  v.record(v.string(), v.unknown(), 'must be a JSON object'),
  v.check(
    (value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= METADATA_MAX_BYTES,
    `must be at most ${METADATA_MAX_BYTES} bytes as JSON`,
  ),
)

/** An instant: a `Date`, or an ISO 8601 text with a zone. */
export const InstantSchema: v.GenericSchema<Date | string, Date> = v.union(
  [
    v.date('must be a valid date'),
    v.pipe(
      v.string(),
      v.isoTimestamp('must be an ISO 8601 timestamp with a zone'),
      v.transform((text) => new Date(text)),
    ),
  ],
  'must be an ISO 8601 timestamp with a zone',
)
