/** Where a topic is: `open` takes replies, `closed` does not, `archived` is read-only history. */
export type TopicStatus = 'open' | 'closed' | 'archived'

/** Where a reply is in moderation. Only `approved` replies are shown and counted. */
export type ReplyStatus = 'pending' | 'approved' | 'rejected' | 'hidden'

/** Every topic status. */
export const TOPIC_STATUSES: readonly TopicStatus[] = ['open', 'closed', 'archived']

/** Every reply status. */
export const REPLY_STATUSES: readonly ReplyStatus[] = ['pending', 'approved', 'rejected', 'hidden']

/**
 * The topic state machine: an open topic is closed or archived; a closed one is reopened or
 * archived; an archived one comes back closed (a moderator then reopens it).
 */
export const TOPIC_TRANSITIONS: {
  readonly close: { readonly from: readonly ['open']; readonly to: 'closed' }
  readonly reopen: { readonly from: readonly ['closed']; readonly to: 'open' }
  readonly archive: { readonly from: readonly ['open', 'closed']; readonly to: 'archived' }
  readonly unarchive: { readonly from: readonly ['archived']; readonly to: 'closed' }
} = {
  close: { from: ['open'], to: 'closed' },
  reopen: { from: ['closed'], to: 'open' },
  archive: { from: ['open', 'closed'], to: 'archived' },
  unarchive: { from: ['archived'], to: 'closed' },
}

/** A topic status change: `close`, `reopen`, `archive` or `unarchive`. */
export type TopicTransition = keyof typeof TOPIC_TRANSITIONS

/**
 * The reply moderation machine: a pending reply is approved, rejected or hidden; an approved one
 * can be rejected or hidden (it leaves the topic); rejected and hidden ones can be approved after
 * all. Nothing goes back to pending.
 */
export const REPLY_TRANSITIONS: {
  readonly approve: {
    readonly from: readonly ['pending', 'rejected', 'hidden']
    readonly to: 'approved'
  }
  readonly reject: { readonly from: readonly ['pending', 'approved']; readonly to: 'rejected' }
  readonly hide: { readonly from: readonly ['pending', 'approved']; readonly to: 'hidden' }
} = {
  approve: { from: ['pending', 'rejected', 'hidden'], to: 'approved' },
  reject: { from: ['pending', 'approved'], to: 'rejected' },
  hide: { from: ['pending', 'approved'], to: 'hidden' },
}

/** A reply moderation decision: `approve`, `reject` or `hide`. */
export type ReplyTransition = keyof typeof REPLY_TRANSITIONS

/** The statuses a topic transition may leave. */
export type TopicStatusesLeftBy<T extends TopicTransition> =
  (typeof TOPIC_TRANSITIONS)[T]['from'][number]

/** The statuses a reply transition may leave. */
export type ReplyStatusesLeftBy<T extends ReplyTransition> =
  (typeof REPLY_TRANSITIONS)[T]['from'][number]

/**
 * The topic status after `transition` from `from`; an illegal pair returns `undefined`.
 *
 * @example
 * ```ts
 * nextTopicStatus('close', 'open') // 'closed'
 * nextTopicStatus('reopen', 'archived') // undefined
 * ```
 */
export function nextTopicStatus<T extends TopicTransition>(
  transition: T,
  from: TopicStatusesLeftBy<T>,
): (typeof TOPIC_TRANSITIONS)[T]['to']
export function nextTopicStatus(
  transition: TopicTransition,
  from: TopicStatus,
): TopicStatus | undefined
export function nextTopicStatus(
  transition: TopicTransition,
  from: TopicStatus,
): TopicStatus | undefined {
  const rule = TOPIC_TRANSITIONS[transition]
  return (rule.from as readonly TopicStatus[]).includes(from) ? rule.to : undefined
}

/** The reply status after `transition` from `from`; an illegal pair returns `undefined`. */
export function nextReplyStatus<T extends ReplyTransition>(
  transition: T,
  from: ReplyStatusesLeftBy<T>,
): (typeof REPLY_TRANSITIONS)[T]['to']
export function nextReplyStatus(
  transition: ReplyTransition,
  from: ReplyStatus,
): ReplyStatus | undefined
export function nextReplyStatus(
  transition: ReplyTransition,
  from: ReplyStatus,
): ReplyStatus | undefined {
  const rule = REPLY_TRANSITIONS[transition]
  return (rule.from as readonly ReplyStatus[]).includes(from) ? rule.to : undefined
}

/** How a topic's counters move when one reply goes from `from` (or nowhere) to `to`. */
export function replyCountDelta(
  from: ReplyStatus | null,
  to: ReplyStatus | null,
): { readonly approved: number; readonly pending: number } {
  const weight = (status: ReplyStatus | null, counted: ReplyStatus): number =>
    status === counted ? 1 : 0
  return {
    approved: weight(to, 'approved') - weight(from, 'approved'),
    pending: weight(to, 'pending') - weight(from, 'pending'),
  }
}
