import type { ProductStatus } from '../commerce-tables'

/**
 * The product state machine: draft → active (publish) → archived (archive) → draft (restore).
 * Nothing else; the database applies the same rule with a conditional update.
 */
export const PRODUCT_TRANSITIONS: {
  readonly publish: { readonly from: readonly ['draft']; readonly to: 'active' }
  readonly archive: { readonly from: readonly ['active']; readonly to: 'archived' }
  readonly restore: { readonly from: readonly ['archived']; readonly to: 'draft' }
} = {
  publish: { from: ['draft'], to: 'active' },
  archive: { from: ['active'], to: 'archived' },
  restore: { from: ['archived'], to: 'draft' },
}

/** `publish`, `archive` or `restore`. */
export type ProductTransition = keyof typeof PRODUCT_TRANSITIONS

/** The statuses `transition` may leave, as a type. */
export type ProductStatusesLeftBy<T extends ProductTransition> =
  (typeof PRODUCT_TRANSITIONS)[T]['from'][number]

/** The status after `transition` from `from`, typed by the statuses it may leave. */
export function nextProductStatus<T extends ProductTransition>(
  transition: T,
  from: ProductStatusesLeftBy<T>,
): (typeof PRODUCT_TRANSITIONS)[T]['to']
export function nextProductStatus(
  transition: ProductTransition,
  from: ProductStatus,
): ProductStatus | undefined
export function nextProductStatus(
  transition: ProductTransition,
  from: ProductStatus,
): ProductStatus | undefined {
  const rule = PRODUCT_TRANSITIONS[transition]
  return (rule.from as readonly ProductStatus[]).includes(from) ? rule.to : undefined
}
