import type { ColumnType, Generated } from 'kysely'

/** A `jsonb` column: read as a value, written as its JSON text. */
type JsonColumn<T> = ColumnType<T, string, string>
/** A `timestamptz` column with a database default. */
type Timestamp = ColumnType<Date, Date | undefined, Date>
/** bigint minor units (read as text by node-postgres). */
type Amount = ColumnType<string | number, number, number>
type NullableAmount = ColumnType<string | number | null, number | null, number | null>

/** A postal address as stored (see `AddressSchema`). */
export interface StoredAddress {
  readonly firstName: string
  readonly lastName: string
  readonly company?: string
  readonly line1: string
  readonly line2?: string
  readonly city: string
  readonly postalCode?: string
  readonly province?: string
  /** ISO 3166-1 alpha-2. */
  readonly countryCode: string
  readonly phone?: string
}

/** `commerce_customer_addresses`. */
export interface CommerceCustomerAddressesTable {
  id: string
  tenant_id: string
  customer_id: string
  address: JsonColumn<StoredAddress>
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_shipping_options`: a flat rate of a region. */
export interface CommerceShippingOptionsTable {
  id: string
  tenant_id: string
  region_id: string
  name: string
  amount: Amount
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_promotions`: a discount code. */
export interface CommercePromotionsTable {
  id: string
  tenant_id: string
  code: string
  type: 'percentage' | 'fixed'
  /** Decimal text (`"12.5000"`) for a percentage. */
  percent: ColumnType<string | null, string | null, string | null>
  amount: NullableAmount
  currency: string | null
  min_subtotal: NullableAmount
  usage_limit: number | null
  per_customer_limit: number | null
  usage_count: Generated<number>
  starts_at: Date | null
  ends_at: Date | null
  active: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_promotion_usages`: redemptions per promotion and customer. */
export interface CommercePromotionUsagesTable {
  tenant_id: string
  promotion_id: string
  customer_key: string
  count: number
}

/** `commerce_promotion_redemptions`: one per order (reference) that used a promotion. */
export interface CommercePromotionRedemptionsTable {
  id: string
  tenant_id: string
  promotion_id: string
  customer_key: string
  reference: string
  status: Generated<'redeemed' | 'released'>
  created_at: Timestamp
}

/** `commerce_carts`. */
export interface CommerceCartsTable {
  id: string
  tenant_id: string
  region_id: string
  currency: string
  customer_id: string | null
  email: string | null
  shipping_address: ColumnType<StoredAddress | null, string | null, string | null>
  billing_address: ColumnType<StoredAddress | null, string | null, string | null>
  shipping_option_id: string | null
  status: Generated<'open' | 'completed'>
  order_id: string | null
  completed_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_cart_lines`: a variant, a quantity and its unit price when last resolved. */
export interface CommerceCartLinesTable {
  id: string
  tenant_id: string
  cart_id: string
  variant_id: string
  quantity: number
  unit_price: Amount
  compare_at: NullableAmount
  price_source: 'base' | 'sale' | 'override'
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_cart_promotions`: the codes applied to a cart. */
export interface CommerceCartPromotionsTable {
  tenant_id: string
  cart_id: string
  promotion_id: string
  added_at: Timestamp
}

/** The tables of carts, customers' addresses, shipping options and promotions. */
export interface CartTables {
  commerce_customer_addresses: CommerceCustomerAddressesTable
  commerce_shipping_options: CommerceShippingOptionsTable
  commerce_promotions: CommercePromotionsTable
  commerce_promotion_usages: CommercePromotionUsagesTable
  commerce_promotion_redemptions: CommercePromotionRedemptionsTable
  commerce_carts: CommerceCartsTable
  commerce_cart_lines: CommerceCartLinesTable
  commerce_cart_promotions: CommerceCartPromotionsTable
}
