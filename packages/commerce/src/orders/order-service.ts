import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import { manualPaymentProvider } from '../payments/manual-provider'
import type { PaymentProvider } from '../payments/payment-provider'
import { paymentProviders, type PaymentProviders } from '../payments/provider-call'
import { readOrderHistory, type OrderHistoryEntry } from './order-history'
import { cancelUnpaidOrder, confirmOrder, deliverOrder, shipOrder } from './order-lifecycle'
import { cancelPaidOrder, captureOrder, refundOrder } from './order-money'
import type { OrderCommand } from './order-move'
import { listOrders, orderRow, readOrder, type OrderScope } from './order-reads'
import type {
  CancelOrderInput,
  ListOrdersInput,
  RefundOrderInput,
  ShipOrderInput,
} from './order-schemas'
import type { Order, OrderPage } from './order-types'

/** The payment providers of a deployment; `manual` is always offered unless replaced. */
export interface PaymentOptions {
  readonly providers?: readonly PaymentProvider[]
  /** How long a provider call may take (ms); default 10 s. */
  readonly providerTimeoutMs?: number
}

/** Orders after checkout: reads, the state machine's transitions, and their money. */
export interface OrderService {
  get(order: OrderScope & { readonly id: string }): Promise<Order>
  list(scope: OrderScope, input?: ListOrdersInput): Promise<OrderPage>
  /** The order's events, oldest first (its history outlives the outbox's retention). */
  history(order: OrderScope & { readonly id: string }): Promise<OrderHistoryEntry[]>
  confirm(command: OrderCommand): Promise<Order>
  /** confirmed → paid: captures the authorised amount; the reserved stock is sold. */
  capture(command: OrderCommand): Promise<Order>
  ship(command: OrderCommand, input: ShipOrderInput): Promise<Order>
  deliver(command: OrderCommand): Promise<Order>
  /**
   * Cancels: before payment, releases the stock and voids the authorisation; after payment only
   * with `refund: true`, refunding what is left through the provider.
   */
  cancel(
    command: OrderCommand,
    input?: CancelOrderInput & { readonly refund?: boolean },
  ): Promise<Order>
  /** Refunds part of a paid, shipped or delivered order; `key` makes a repeat a no-op. */
  refund(command: OrderCommand & { readonly key: string }, input: RefundOrderInput): Promise<Order>
}

/** The configured providers, `manual` first unless one of `options` replaces it. */
export function providersOf(options: PaymentOptions): PaymentProviders {
  const given = options.providers ?? []
  const all = given.some((p) => p.id === 'manual') ? given : [manualPaymentProvider(), ...given]
  return paymentProviders(all, options.providerTimeoutMs)
}

/**
 * The order service.
 *
 * @example
 * ```ts
 * const orders = createOrderService({ db, events: outbox, providers: [stripe] })
 * await orders.capture({ tenantId, id: orderId, actor })
 * await orders.ship({ tenantId, id: orderId, actor }, { carrier: 'dhl', trackingNumber: 'JD0141' })
 * ```
 */
export function createOrderService(options: CommerceDeps & PaymentOptions): OrderService {
  const deps = { ...resolveCommerceDeps(options), payments: providersOf(options) }
  const read = (command: OrderCommand) => readOrder(deps.db, command)
  return {
    get: (order) => readOrder(deps.db, order),
    list: (scope, input = {}) => listOrders(deps.db, scope, input),
    history: async (order) => {
      await orderRow(deps.db, order)
      return readOrderHistory(deps.db, order)
    },
    confirm: async (command) => {
      await confirmOrder(deps, command)
      return read(command)
    },
    capture: async (command) => {
      await captureOrder(deps, command)
      return read(command)
    },
    ship: async (command, input) => {
      await shipOrder(deps, command, input)
      return read(command)
    },
    deliver: async (command) => {
      await deliverOrder(deps, command)
      return read(command)
    },
    cancel: async (command, input = {}) => {
      const { refund, ...reason } = input
      const { status } = await orderRow(deps.db, command)
      if (status === 'paid' && refund !== true)
        throw new CommerceError(
          'INVALID_TRANSITION',
          'A paid order is cancelled only with a refund: send refund: true',
          { errors: [{ path: 'refund', message: 'must be true to cancel a paid order' }] },
        )
      await (status === 'paid'
        ? cancelPaidOrder(deps, command, reason)
        : cancelUnpaidOrder(deps, command, reason))
      return read(command)
    },
    refund: async (command, input) => {
      await refundOrder(deps, command, input)
      return read(command)
    },
  }
}
