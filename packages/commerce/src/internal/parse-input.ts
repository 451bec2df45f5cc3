import * as v from 'valibot'
import { CommerceError } from '../commerce-error'

/** Validates input at the package edge; `INVALID_INPUT` with every issue as a field error. */
export function parseInput<TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, value)
  if (result.success) return result.output
  const errors = result.issues.map((issue) => ({
    path: v.getDotPath(issue) ?? '',
    message: issue.message,
  }))
  const summary = errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')
  throw new CommerceError('INVALID_INPUT', `Invalid input: ${summary}`, { errors })
}

/** A non-nil UUID, lowercased. */
export const IdSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.uuid('must be a UUID'),
  v.toLowerCase(),
  v.notValue('00000000-0000-0000-0000-000000000000', 'must not be the nil UUID'),
)

/** `en`, `pt-BR`: a simple language tag, normalised (language lowercase, region uppercase). */
export const LocaleSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$/, 'must be a locale code such as en or pt-BR'),
  v.transform((code) => {
    const [language = '', region] = code.replace('_', '-').split('-')
    return region === undefined
      ? language.toLowerCase()
      : `${language.toLowerCase()}-${region.length === 2 ? region.toUpperCase() : region}`
  }),
)

/** A product handle: lowercase letters and digits joined by single dashes. */
export const HandleSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(200, 'must be at most 200 characters'),
  v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase letters and digits joined by dashes'),
)
