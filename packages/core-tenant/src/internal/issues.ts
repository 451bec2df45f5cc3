import type * as v from 'valibot'
import { CoreTenantError, type CoreTenantIssue } from '../core-tenant-error'

/** Flattens valibot issues to dot paths. */
export function toIssues(issues: readonly v.BaseIssue<unknown>[]): CoreTenantIssue[] {
  return issues.map((issue) => ({
    path: (issue.path ?? []).map((item) => String(item.key)).join('.'),
    message: issue.message,
  }))
}

/** Builds the `INVALID_INPUT` error for `what`; the message names the first offending field. */
export function invalidInput(
  what: string,
  issues: readonly v.BaseIssue<unknown>[],
): CoreTenantError {
  const flat = toIssues(issues)
  const [first] = flat
  const where = first === undefined ? 'invalid' : `${first.path || '(root)'} ${first.message}`
  const more = flat.length > 1 ? ` (and ${flat.length - 1} more)` : ''
  return new CoreTenantError('INVALID_INPUT', `Invalid ${what}: ${where}${more}`, { issues: flat })
}
