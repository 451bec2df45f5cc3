import * as v from 'valibot'

const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const Minor = v.pipe(v.number(), v.description('Integer minor units of the currency.'))
const NullableString = v.nullable(v.string())

export const CartParams = v.object({ id: Uuid })
export const CartLineParams = v.object({ id: Uuid, lineId: Uuid })
export const CartCodeParams = v.object({
  id: Uuid,
  code: v.pipe(v.string(), v.maxLength(50), v.description('The discount code, any case.')),
})

/** A postal address. */
const AddressOutSchema = v.object({
  firstName: v.string(),
  lastName: v.string(),
  company: v.optional(v.string()),
  line1: v.string(),
  line2: v.optional(v.string()),
  city: v.string(),
  postalCode: v.optional(v.string()),
  province: v.optional(v.string()),
  countryCode: v.string(),
  phone: v.optional(v.string()),
})

const Refusal = v.picklist([
  'NOT_FOUND',
  'INACTIVE',
  'NOT_STARTED',
  'EXPIRED',
  'CURRENCY_MISMATCH',
  'MIN_SUBTOTAL_NOT_MET',
  'USAGE_LIMIT_REACHED',
  'CUSTOMER_LIMIT_REACHED',
])

/** A cart with its lines, codes, shipping option and totals (ADR 0033). */
export const CartSchema = v.object({
  id: v.pipe(v.string(), v.description("A random UUID: a guest's cart is held by it.")),
  status: v.picklist(['open', 'completed']),
  regionId: v.string(),
  currency: v.string(),
  taxRate: v.string(),
  taxIncluded: v.boolean(),
  customerId: NullableString,
  email: NullableString,
  shippingAddress: v.nullable(AddressOutSchema),
  billingAddress: v.nullable(AddressOutSchema),
  shippingOption: v.nullable(v.object({ id: v.string(), name: v.string(), amount: Minor })),
  promotions: v.array(
    v.object({
      id: v.string(),
      code: v.string(),
      type: v.picklist(['percentage', 'fixed']),
      percent: NullableString,
      amount: v.nullable(Minor),
      discount: Minor,
      refusal: v.pipe(
        v.nullable(Refusal),
        v.description('Why the code takes nothing off now; `null` when it applies.'),
      ),
    }),
  ),
  lines: v.array(
    v.object({
      id: v.string(),
      variantId: v.string(),
      productId: v.string(),
      quantity: v.number(),
      unitPrice: Minor,
      compareAt: v.nullable(Minor),
      priceSource: v.picklist(['base', 'sale', 'override']),
      subtotal: Minor,
      discount: Minor,
      tax: Minor,
      total: Minor,
    }),
  ),
  totals: v.object({
    subtotal: Minor,
    discountTotal: Minor,
    shippingTotal: Minor,
    taxTotal: Minor,
    taxIncluded: v.boolean(),
    total: Minor,
  }),
  orderId: NullableString,
  completedAt: NullableString,
  createdAt: v.string(),
  updatedAt: v.string(),
})

/** A promotion (discount code). */
export const PromotionSchema = v.object({
  id: v.string(),
  code: v.string(),
  type: v.picklist(['percentage', 'fixed']),
  percent: NullableString,
  amount: v.nullable(Minor),
  currency: NullableString,
  minSubtotal: v.nullable(Minor),
  usageLimit: v.nullable(v.number()),
  perCustomerLimit: v.nullable(v.number()),
  usageCount: v.number(),
  startsAt: NullableString,
  endsAt: NullableString,
  active: v.boolean(),
  createdAt: v.string(),
  updatedAt: v.string(),
})

/** A flat-rate shipping option of a region. */
export const ShippingOptionSchema = v.object({
  id: v.string(),
  regionId: v.string(),
  name: v.string(),
  amount: Minor,
  createdAt: v.string(),
  updatedAt: v.string(),
})

/** A customer's saved address. */
export const CustomerAddressSchema = v.object({
  id: v.string(),
  address: AddressOutSchema,
  createdAt: v.string(),
  updatedAt: v.string(),
})
