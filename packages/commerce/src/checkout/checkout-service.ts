import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { providersOf, type PaymentOptions } from '../orders/order-service'
import { CHECKOUT_DEFAULTS, type CheckoutDeps } from './checkout-deps'
import { driveCheckout, recoverCheckouts } from './checkout-driver'
import type { CheckoutRow } from './checkout-lease'
import { completeCart, type CheckoutResult, type CompleteCartCommand } from './checkout-start'

/** Timing of the checkout saga (ms); see `CHECKOUT_DEFAULTS`. */
export interface CheckoutOptions extends CommerceDeps, PaymentOptions {
  readonly leaseMs?: number
  readonly holdMs?: number
  readonly orderHoldMs?: number
  readonly waitMs?: number
}

/** Where a checkout stands. */
export interface CheckoutStatus {
  readonly id: string
  readonly cartId: string
  readonly step: CheckoutRow['step']
  readonly orderId: string | null
  readonly errorCode: string | null
}

/** Completing carts: the checkout saga, and the worker's recovery of checkouts left midway. */
export interface CheckoutService {
  /** Completes a cart into a confirmed order (see `completeCart`). */
  complete(command: CompleteCartCommand): Promise<CheckoutResult>
  /** Drives one checkout on (the `checkout.started` handler); its status after. */
  drive(checkout: { readonly tenantId: string; readonly id: string }): Promise<CheckoutStatus>
  /** Finishes or compensates checkouts whose driver died; returns how many it took on. */
  recover(options?: { readonly batch?: number }): Promise<number>
}

/**
 * The checkout service.
 *
 * @example
 * ```ts
 * const checkout = createCheckoutService({ db, events: outbox, providers: [stripe] })
 * const { order } = await checkout.complete({ tenantId, cartId, customerId: null,
 *   provider: 'stripe', idempotencyKey, actor: { userId: null } })
 * ```
 */
export function createCheckoutService(options: CheckoutOptions): CheckoutService {
  const deps: CheckoutDeps = {
    ...resolveCommerceDeps(options),
    payments: providersOf(options),
    leaseMs: options.leaseMs ?? CHECKOUT_DEFAULTS.leaseMs,
    holdMs: options.holdMs ?? CHECKOUT_DEFAULTS.holdMs,
    orderHoldMs: options.orderHoldMs ?? CHECKOUT_DEFAULTS.orderHoldMs,
    waitMs: options.waitMs ?? CHECKOUT_DEFAULTS.waitMs,
  }
  return {
    complete: (command) => completeCart(deps, command),
    drive: async (checkout) => {
      await driveCheckout(deps, { ...checkout, actor: { userId: null } })
      const row = await deps.db
        .selectFrom('commerce_checkouts')
        .selectAll()
        .where('tenant_id', '=', checkout.tenantId)
        .where('id', '=', checkout.id)
        .executeTakeFirstOrThrow()
      return {
        id: row.id,
        cartId: row.cart_id,
        step: row.step,
        orderId: row.order_id,
        errorCode: row.error_code,
      }
    },
    recover: (recovery) => recoverCheckouts(deps, recovery),
  }
}
