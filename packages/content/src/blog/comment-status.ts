/** Where a comment is in moderation. Only `approved` comments are shown and counted on the post. */
export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam'

/** Every comment status. */
export const COMMENT_STATUSES: readonly CommentStatus[] = [
  'pending',
  'approved',
  'rejected',
  'spam',
]

/**
 * The moderation state machine: a pending comment is approved, rejected or marked as spam; an
 * approved one can still be rejected or marked as spam (it then leaves the post); a rejected one
 * can be approved after all or marked as spam; spam can be approved (a false positive). Nothing
 * goes back to pending, and no transition leaves a comment where it was.
 */
export const COMMENT_TRANSITIONS: {
  readonly approve: {
    readonly from: readonly ['pending', 'rejected', 'spam']
    readonly to: 'approved'
  }
  readonly reject: { readonly from: readonly ['pending', 'approved']; readonly to: 'rejected' }
  readonly spam: {
    readonly from: readonly ['pending', 'approved', 'rejected']
    readonly to: 'spam'
  }
} = {
  approve: { from: ['pending', 'rejected', 'spam'], to: 'approved' },
  reject: { from: ['pending', 'approved'], to: 'rejected' },
  spam: { from: ['pending', 'approved', 'rejected'], to: 'spam' },
}

/** A moderation decision: `approve`, `reject` or `spam`. */
export type CommentTransition = keyof typeof COMMENT_TRANSITIONS

/** The statuses `transition` may leave: `CommentStatusesLeftBy<'reject'>` is `'pending' | 'approved'`. */
export type CommentStatusesLeftBy<T extends CommentTransition> =
  (typeof COMMENT_TRANSITIONS)[T]['from'][number]

/** The status `transition` arrives at. */
export type CommentStatusReachedBy<T extends CommentTransition> =
  (typeof COMMENT_TRANSITIONS)[T]['to']

/**
 * The status after `transition` from `from`; typed so a caller holding a narrowed status can only
 * ask for a transition that leaves it. At run time an illegal pair returns `undefined`.
 *
 * @example
 * ```ts
 * nextCommentStatus('approve', 'pending') // 'approved'
 * nextCommentStatus('reject', 'spam' as CommentStatus) // undefined
 * ```
 */
export function nextCommentStatus<T extends CommentTransition>(
  transition: T,
  from: CommentStatusesLeftBy<T>,
): CommentStatusReachedBy<T>
export function nextCommentStatus(
  transition: CommentTransition,
  from: CommentStatus,
): CommentStatus | undefined
export function nextCommentStatus(
  transition: CommentTransition,
  from: CommentStatus,
): CommentStatus | undefined {
  const rule = COMMENT_TRANSITIONS[transition]
  return (rule.from as readonly CommentStatus[]).includes(from) ? rule.to : undefined
}

/** How a post's counters move when one comment goes from `from` (or nowhere) to `to` (or away). */
export function countDelta(
  from: CommentStatus | null,
  to: CommentStatus | null,
): { readonly approved: number; readonly pending: number } {
  const weight = (status: CommentStatus | null, counted: CommentStatus): number =>
    status === counted ? 1 : 0
  return {
    approved: weight(to, 'approved') - weight(from, 'approved'),
    pending: weight(to, 'pending') - weight(from, 'pending'),
  }
}
