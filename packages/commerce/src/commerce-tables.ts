import type { ColumnType, Generated } from 'kysely'
import type { CartTables } from './cart/cart-tables'
import type { GroupingTables } from './grouping/grouping-tables'
import type { OrderTables } from './orders/order-tables'

/** A `jsonb` column: read as a value, written as its JSON text. */
type JsonColumn<T> = ColumnType<T, string, string>
/** A `timestamptz` column with a database default. */
type Timestamp = ColumnType<Date, Date | undefined, Date>

/** The lifecycle of a product: draft → active → archived. */
export type ProductStatus = 'draft' | 'active' | 'archived'

/** `commerce_products`. */
export interface CommerceProductsTable {
  id: string
  tenant_id: string
  status: Generated<ProductStatus>
  is_gift_card: Generated<boolean>
  discountable: Generated<boolean>
  weight: number | null
  length: number | null
  height: number | null
  width: number | null
  origin_country: string | null
  hs_code: string | null
  external_id: string | null
  metadata: JsonColumn<Record<string, unknown>>
  created_at: Timestamp
  updated_at: Timestamp
  published_at: Date | null
}

/** `commerce_product_translations`: title, handle and texts per locale. */
export interface CommerceProductTranslationsTable {
  tenant_id: string
  product_id: string
  locale: string
  title: string
  subtitle: string | null
  handle: string
  description: string | null
  material: string | null
}

/** `commerce_product_options`: Size, Colour, … in order. */
export interface CommerceProductOptionsTable {
  id: string
  tenant_id: string
  product_id: string
  position: number
}

/** `commerce_option_translations`. */
export interface CommerceOptionTranslationsTable {
  tenant_id: string
  option_id: string
  locale: string
  name: string
}

/** `commerce_option_values`: S, M, L … in order. */
export interface CommerceOptionValuesTable {
  id: string
  tenant_id: string
  option_id: string
  position: number
}

/** `commerce_option_value_translations`. */
export interface CommerceOptionValueTranslationsTable {
  tenant_id: string
  value_id: string
  locale: string
  label: string
}

/** `commerce_variants`: one buyable combination of option values. */
export interface CommerceVariantsTable {
  id: string
  tenant_id: string
  product_id: string
  sku: string | null
  barcode: string | null
  manage_inventory: Generated<boolean>
  allow_backorder: Generated<boolean>
  rank: Generated<number>
  /** The variant's option value ids, sorted and joined: unique per product. */
  option_key: string
  metadata: JsonColumn<Record<string, unknown>>
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_variant_option_values`. */
export interface CommerceVariantOptionValuesTable {
  tenant_id: string
  variant_id: string
  value_id: string
}

/** `commerce_stock_locations`: warehouses and shops stock is kept at. */
export interface CommerceStockLocationsTable {
  id: string
  tenant_id: string
  name: string
  created_at: Timestamp
}

/** `commerce_inventory_levels`: a variant's stock at one location. */
export interface CommerceInventoryLevelsTable {
  tenant_id: string
  variant_id: string
  location_id: string
  stocked: Generated<number>
  reserved: Generated<number>
  incoming: Generated<number>
  low_stock_threshold: Generated<number>
  updated_at: Timestamp
}

/** What moved stock. */
export type MovementKind = 'adjust' | 'set' | 'transfer' | 'reserve' | 'release' | 'expire' | 'sale'

/** `commerce_inventory_movements`: the ledger every level is the sum of. */
export interface CommerceInventoryMovementsTable {
  id: string
  tenant_id: string
  variant_id: string
  location_id: string
  kind: MovementKind
  stocked_delta: number
  reserved_delta: number
  reason: string | null
  reference: string | null
  actor_id: string | null
  created_at: Timestamp
}

/** The life of a reservation. */
export type ReservationStatus = 'active' | 'released' | 'expired' | 'converted'

/** `commerce_reservations`: units held for a cart or order line until they expire. */
export interface CommerceReservationsTable {
  id: string
  tenant_id: string
  variant_id: string
  location_id: string
  quantity: number
  reference: string
  status: Generated<ReservationStatus>
  expires_at: Date
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_regions`: where a shop sells, in one currency, with its tax rule. */
export interface CommerceRegionsTable {
  id: string
  tenant_id: string
  name: string
  currency: string
  /** ISO 3166-1 alpha-2 codes. */
  countries: ColumnType<string[], string[] | undefined, string[]>
  /** A percentage as decimal text (`"20.0000"`). */
  tax_rate: ColumnType<string, string | undefined, string>
  tax_included: Generated<boolean>
  created_at: Timestamp
  updated_at: Timestamp
}

/** Whether a price list lowers prices (`sale`) or replaces them (`override`). */
export type PriceListKind = 'sale' | 'override'

/** `commerce_price_lists`. */
export interface CommercePriceListsTable {
  id: string
  tenant_id: string
  name: string
  description: string | null
  type: PriceListKind
  status: Generated<'draft' | 'active'>
  starts_at: Date | null
  ends_at: Date | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** `commerce_prices`: a variant's price in a currency, maybe for a region or a list, for a tier. */
export interface CommercePricesTable {
  id: string
  tenant_id: string
  variant_id: string
  currency: string
  region_id: string | null
  price_list_id: string | null
  /** bigint minor units (read as text by node-postgres). */
  amount: ColumnType<string | number, number, number>
  compare_at: ColumnType<string | number | null, number | null, number | null>
  min_quantity: Generated<number>
  max_quantity: number | null
  created_at: Timestamp
  updated_at: Timestamp
}

/** The tables of `@rustok/commerce`, to intersect with an application's own `DB` type. */
export interface CommerceTables extends GroupingTables, CartTables, OrderTables {
  commerce_products: CommerceProductsTable
  commerce_product_translations: CommerceProductTranslationsTable
  commerce_product_options: CommerceProductOptionsTable
  commerce_option_translations: CommerceOptionTranslationsTable
  commerce_option_values: CommerceOptionValuesTable
  commerce_option_value_translations: CommerceOptionValueTranslationsTable
  commerce_variants: CommerceVariantsTable
  commerce_variant_option_values: CommerceVariantOptionValuesTable
  commerce_stock_locations: CommerceStockLocationsTable
  commerce_inventory_levels: CommerceInventoryLevelsTable
  commerce_inventory_movements: CommerceInventoryMovementsTable
  commerce_reservations: CommerceReservationsTable
  commerce_regions: CommerceRegionsTable
  commerce_price_lists: CommercePriceListsTable
  commerce_prices: CommercePricesTable
}
