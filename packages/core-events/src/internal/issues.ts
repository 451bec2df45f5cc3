import type * as v from 'valibot'
import { CoreEventsError } from '../core-events-error'
import type { CoreEventsIssue } from '../core-events-error'

/** Flattens valibot issues to dot paths, optionally under a prefix such as `payload`. */
export function toIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ''): CoreEventsIssue[] {
  return issues.map((issue) => {
    const keys = (issue.path ?? []).map((item) => String(item.key))
    const path = [prefix, ...keys].filter((part) => part !== '').join('.')
    return { path, message: issue.message }
  })
}

/** Builds the `INVALID_EVENT` error; the message names the event type and the first offending field. */
export function invalidEvent(
  type: string,
  issues: readonly CoreEventsIssue[],
  cause?: unknown,
): CoreEventsError {
  const [first] = issues
  const where = first === undefined ? 'invalid' : `${first.path || '(root)'} ${first.message}`
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
  return new CoreEventsError('INVALID_EVENT', `Invalid "${type}" event: ${where}${more}`, {
    cause,
    issues,
  })
}
