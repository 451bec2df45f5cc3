/** Where an order is in its life. */
export type OrderStatus = 'pending' | 'confirmed' | 'paid' | 'shipped' | 'delivered' | 'cancelled'

/**
 * The order state machine (the original's typestate, §3.8): pending → confirmed → paid → shipped
 * → delivered; cancel from pending or confirmed; after payment, cancel only with a refund. Each
 * transition names the statuses it may leave; the database applies the same rule with an update
 * conditional on the expected status.
 */
export const ORDER_TRANSITIONS: {
  readonly confirm: { readonly from: readonly ['pending']; readonly to: 'confirmed' }
  readonly pay: { readonly from: readonly ['confirmed']; readonly to: 'paid' }
  readonly ship: { readonly from: readonly ['paid']; readonly to: 'shipped' }
  readonly deliver: { readonly from: readonly ['shipped']; readonly to: 'delivered' }
  readonly cancel: { readonly from: readonly ['pending', 'confirmed']; readonly to: 'cancelled' }
  readonly cancelWithRefund: { readonly from: readonly ['paid']; readonly to: 'cancelled' }
} = {
  confirm: { from: ['pending'], to: 'confirmed' },
  pay: { from: ['confirmed'], to: 'paid' },
  ship: { from: ['paid'], to: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered' },
  cancel: { from: ['pending', 'confirmed'], to: 'cancelled' },
  cancelWithRefund: { from: ['paid'], to: 'cancelled' },
}

/** `confirm`, `pay`, `ship`, `deliver`, `cancel` or `cancelWithRefund`. */
export type OrderTransition = keyof typeof ORDER_TRANSITIONS

/** The statuses `transition` may leave, as a type. */
export type OrderStatusesLeftBy<T extends OrderTransition> =
  (typeof ORDER_TRANSITIONS)[T]['from'][number]

/** An order value narrowed to the statuses `transition` may leave. */
export type OrderIn<T extends OrderTransition, O extends { status: OrderStatus }> = O & {
  readonly status: OrderStatusesLeftBy<T>
}

/**
 * The status after `transition` from `from`. Typed: with a literal status the compiler accepts
 * only the statuses the transition may leave (`nextOrderStatus('ship', 'pending')` does not
 * compile); with a status read at run time it answers `undefined` for an illegal move.
 */
export function nextOrderStatus<T extends OrderTransition>(
  transition: T,
  from: OrderStatusesLeftBy<T>,
): (typeof ORDER_TRANSITIONS)[T]['to']
export function nextOrderStatus(
  transition: OrderTransition,
  from: OrderStatus,
): OrderStatus | undefined
export function nextOrderStatus(
  transition: OrderTransition,
  from: OrderStatus,
): OrderStatus | undefined {
  const rule = ORDER_TRANSITIONS[transition]
  return (rule.from as readonly OrderStatus[]).includes(from) ? rule.to : undefined
}

/** Whether `order` may take `transition`: narrows it to {@link OrderIn}. */
export function canTake<T extends OrderTransition, O extends { status: OrderStatus }>(
  transition: T,
  order: O,
): order is OrderIn<T, O> {
  return nextOrderStatus(transition, order.status) !== undefined
}
