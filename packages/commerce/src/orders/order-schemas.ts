import * as v from 'valibot'
import { IdSchema } from '../internal/parse-input'
import type { OrderStatus } from './order-status'

const STATUSES = ['pending', 'confirmed', 'paid', 'shipped', 'delivered', 'cancelled'] as const

/** Filters and keyset position of an order list. */
export interface ListOrdersInput {
  readonly limit?: number
  readonly after?: { readonly value: string; readonly id: string }
  readonly status?: OrderStatus
  readonly customerId?: string
  readonly email?: string
  readonly number?: string
  readonly createdFrom?: string
  readonly createdTo?: string
}

const isoDate = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'))

/** Validates {@link ListOrdersInput}. */
export const ListOrdersSchema: v.GenericSchema<
  ListOrdersInput,
  Omit<ListOrdersInput, 'limit'> & { readonly limit: number }
> = v.object({
  limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100)), 20),
  after: v.optional(v.object({ value: v.string(), id: v.pipe(v.string(), v.uuid()) })),
  status: v.optional(v.picklist(STATUSES, 'must be an order status')),
  customerId: v.optional(IdSchema),
  email: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(320))),
  number: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(50))),
  createdFrom: v.optional(isoDate),
  createdTo: v.optional(isoDate),
})

/** How an order leaves with a carrier. */
export interface ShipOrderInput {
  readonly carrier: string
  readonly trackingNumber: string
}

/** Validates {@link ShipOrderInput}: a carrier slug and a tracking number of letters and digits. */
export const ShipOrderSchema: v.GenericSchema<ShipOrderInput> = v.object({
  carrier: v.pipe(
    v.string(),
    v.trim(),
    v.toLowerCase(),
    v.regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'must be a carrier id of letters, digits, - or _'),
  ),
  trackingNumber: v.pipe(
    v.string(),
    v.trim(),
    v.toUpperCase(),
    v.regex(/^[A-Z0-9][A-Z0-9 -]{3,99}$/, 'must be 4–100 letters, digits, spaces or dashes'),
  ),
})

/** Why an order is cancelled. */
export interface CancelOrderInput {
  readonly reason?: string
}

/** Validates {@link CancelOrderInput}. */
export const CancelOrderSchema: v.GenericSchema<CancelOrderInput> = v.object({
  reason: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500))),
})

/** A refund of part of what was captured. */
export interface RefundOrderInput {
  readonly amount: number
  readonly reason?: string
}

/** Validates {@link RefundOrderInput}. */
export const RefundOrderSchema: v.GenericSchema<RefundOrderInput> = v.object({
  amount: v.pipe(v.number(), v.safeInteger('must be an integer of minor units'), v.minValue(1)),
  reason: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500))),
})
