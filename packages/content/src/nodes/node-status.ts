import type { NodeStatus } from '../content-tables'

/**
 * The content state machine (requirement N3): draft → published → archived → draft, and a
 * published node may go back to draft (unpublish). Nothing else: an archived node is restored to
 * draft before it is published again, and a draft is published before it is archived.
 */
export const NODE_TRANSITIONS: {
  readonly publish: { readonly from: readonly ['draft']; readonly to: 'published' }
  readonly unpublish: { readonly from: readonly ['published']; readonly to: 'draft' }
  readonly archive: { readonly from: readonly ['published']; readonly to: 'archived' }
  readonly restore: { readonly from: readonly ['archived']; readonly to: 'draft' }
} = {
  publish: { from: ['draft'], to: 'published' },
  unpublish: { from: ['published'], to: 'draft' },
  archive: { from: ['published'], to: 'archived' },
  restore: { from: ['archived'], to: 'draft' },
}

/** A change of status: `publish`, `unpublish`, `archive` or `restore`. */
export type NodeTransition = keyof typeof NODE_TRANSITIONS

/** The statuses `transition` may leave, as a type: `StatusesLeftBy<'archive'>` is `'published'`. */
export type StatusesLeftBy<T extends NodeTransition> = (typeof NODE_TRANSITIONS)[T]['from'][number]

/** The status `transition` arrives at. */
export type StatusReachedBy<T extends NodeTransition> = (typeof NODE_TRANSITIONS)[T]['to']

/**
 * The status after `transition` from `from`. Typed so that a caller holding a narrowed status can
 * only ask for a transition that leaves it; at run time an illegal pair returns `undefined`.
 *
 * @example
 * ```ts
 * nextStatus('publish', 'draft') // 'published'
 * nextStatus('publish', 'archived' as NodeStatus) // undefined
 * ```
 */
export function nextStatus<T extends NodeTransition>(
  transition: T,
  from: StatusesLeftBy<T>,
): StatusReachedBy<T>
export function nextStatus(transition: NodeTransition, from: NodeStatus): NodeStatus | undefined
export function nextStatus(transition: NodeTransition, from: NodeStatus): NodeStatus | undefined {
  const rule = NODE_TRANSITIONS[transition]
  return (rule.from as readonly NodeStatus[]).includes(from) ? rule.to : undefined
}

/** The transitions allowed from `status`. */
export function transitionsFrom(status: NodeStatus): NodeTransition[] {
  return (Object.keys(NODE_TRANSITIONS) as NodeTransition[]).filter(
    (transition) => nextStatus(transition, status) !== undefined,
  )
}
