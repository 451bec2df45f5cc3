import type { ResolvedCommerceDeps } from '../commerce-deps'
import type { PaymentProviders } from '../payments/provider-call'

/** What the checkout saga needs beside the commerce deps. */
export interface CheckoutDeps extends ResolvedCommerceDeps {
  readonly payments: PaymentProviders
  /** How long a driver holds a checkout before another may take it over (ms). */
  readonly leaseMs: number
  /** How long a checkout's reservations last before the order is placed (ms). */
  readonly holdMs: number
  /** How long a placed order's reservations last until payment (ms). */
  readonly orderHoldMs: number
  /** How long a request waits for a checkout another driver runs (ms). */
  readonly waitMs: number
}

/** Checkout timing defaults: a 15 s lease, 15 min holds, 30 days for a placed order. */
export const CHECKOUT_DEFAULTS: Pick<
  CheckoutDeps,
  'leaseMs' | 'holdMs' | 'orderHoldMs' | 'waitMs'
> = {
  leaseMs: 15_000,
  holdMs: 15 * 60_000,
  orderHoldMs: 30 * 24 * 3_600_000,
  waitMs: 30_000,
}

/** A checkout as the saga reads it. */
export interface CheckoutRef {
  readonly tenantId: string
  readonly id: string
}
