import * as v from 'valibot'
import { WebhookError } from '../webhook-error'

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
  throw new WebhookError('INVALID_INPUT', `Invalid input: ${summary}`, { errors })
}
