import * as v from 'valibot'
import { CoreAuthError } from '../core-auth-error'

/** Lowercased, trimmed e-mail of at most 255 bytes. */
export const EmailSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.toLowerCase(),
  v.maxBytes(255, 'must be at most 255 bytes (UTF-8)'),
  v.email('must be an e-mail address'),
)

/** A non-nil UUID, any case. */
export const IdSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.uuid('must be a UUID'),
  v.notValue('00000000-0000-0000-0000-000000000000', 'must not be the nil UUID'),
)

/** A password as received: a string, bounded so argon2 is never fed megabytes. */
export const PasswordInputSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.maxLength(1024, 'must be at most 1024 characters'),
)

/** A built-in or custom role name. */
export const RoleNameSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a lowercase role name'),
)

/** Optional display name. */
export const NameSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.maxLength(200, 'must be at most 200 characters'),
)

/** Client address or user agent as given by the caller, cut to a sane length. */
export function clip(value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null || value === '') return null
  return value.slice(0, max)
}

/**
 * Validates input at the package edge; throws `INVALID_INPUT` listing the issues by dot path
 * (`email: must be an e-mail address`).
 */
export function parseInput<TSchema extends v.GenericSchema>(
  schema: TSchema,
  value: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, value)
  if (result.success) return result.output
  const issues = result.issues.map((issue) => {
    const path = v.getDotPath(issue)
    return path ? `${path}: ${issue.message}` : issue.message
  })
  throw new CoreAuthError('INVALID_INPUT', `Invalid input: ${issues.join('; ')}`)
}
