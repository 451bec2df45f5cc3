import { sql, type Kysely } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceTables, PriceListKind } from '../commerce-tables'
import { parseInput } from '../internal/parse-input'
import { resolvePrice, type PriceCandidate } from './price-resolver'
import { ResolvePricesSchema, type ResolvePricesInput } from './pricing-schemas'
import type { Region, ResolvedPrices } from './pricing-types'
import { toRegion } from './region-service'
import { taxOf } from './tax'

interface CandidateRow {
  id: string | null
  variant_id: string | null
  currency: string | null
  region_id: string | null
  price_list_id: string | null
  amount: string | number | null
  compare_at: string | number | null
  min_quantity: number | null
  max_quantity: number | null
  list_type: PriceListKind | null
  list_status: 'draft' | 'active' | null
  starts_at: Date | null
  ends_at: Date | null
}

interface RegionColumns {
  r_id: string
  r_name: string
  r_currency: string
  r_countries: string[]
  r_tax_rate: string
  r_tax_included: boolean
  r_created_at: Date
  r_updated_at: Date
}

const PRICE_COLUMNS = sql`p.id, p.variant_id, p.currency, p.region_id, p.price_list_id, p.amount,
  p.compare_at, p.min_quantity, p.max_quantity, l.type as list_type, l.status as list_status,
  l.starts_at, l.ends_at`

/**
 * The candidates the pure resolver needs, narrowed in SQL by the same rules it applies (tier
 * holds the quantity, list active and in its window): it decides again, so the SQL is only a
 * filter, never the rule.
 */
function applicable(quantity: number, at: Date) {
  return sql`p.min_quantity <= ${quantity} and (p.max_quantity is null or p.max_quantity >= ${quantity})
    and (p.price_list_id is null or (l.status = 'active'
      and (l.starts_at is null or l.starts_at <= ${at}) and (l.ends_at is null or l.ends_at > ${at})))`
}

function toCandidate(row: CandidateRow): PriceCandidate | null {
  if (row.id === null) return null
  return {
    id: row.id,
    currency: row.currency ?? '',
    regionId: row.region_id,
    minQuantity: row.min_quantity ?? 1,
    maxQuantity: row.max_quantity,
    amount: Number(row.amount),
    compareAt: row.compare_at === null ? null : Number(row.compare_at),
    priceList:
      row.price_list_id === null
        ? null
        : {
            id: row.price_list_id,
            type: row.list_type ?? 'sale',
            status: row.list_status ?? 'draft',
            startsAt: row.starts_at,
            endsAt: row.ends_at,
          },
  }
}

/**
 * The unit prices of many variants in a region (its currency; its regional prices before
 * currency-wide ones; its tax rule) or a bare currency, and why each: ONE statement loads the
 * region and every candidate price with its list, then the pure {@link resolvePrice} picks.
 * `NOT_FOUND` for a region not of the tenant.
 */
export async function resolveVariantPrices(
  db: Kysely<CommerceTables>,
  scope: { readonly tenantId: string; readonly now: () => Date },
  rawInput: ResolvePricesInput,
): Promise<ResolvedPrices> {
  const input = parseInput(ResolvePricesSchema, rawInput)
  const at = input.at ?? scope.now()
  const ids =
    input.variantIds.length > 0 ? input.variantIds : ['00000000-0000-0000-0000-000000000000']
  const variantIn = sql`p.variant_id in (${sql.join(ids)})`
  let region: Region | null = null
  let currency: string
  let rows: CandidateRow[]
  if (input.regionId !== undefined) {
    const result = await sql<CandidateRow & RegionColumns>`
      select r.id as r_id, r.name as r_name, r.currency as r_currency, r.countries as r_countries,
        r.tax_rate::text as r_tax_rate, r.tax_included as r_tax_included,
        r.created_at as r_created_at, r.updated_at as r_updated_at, ${PRICE_COLUMNS}
      from commerce_regions r
      left join (commerce_prices p
        left join commerce_price_lists l on l.tenant_id = p.tenant_id and l.id = p.price_list_id)
        on p.tenant_id = r.tenant_id and p.currency = r.currency
          and (p.region_id is null or p.region_id = r.id) and ${variantIn}
          and ${applicable(input.quantity, at)}
      where r.tenant_id = ${scope.tenantId} and r.id = ${input.regionId}`.execute(db)
    const first = result.rows[0]
    if (!first) throw new CommerceError('NOT_FOUND', `Region ${input.regionId} not found`)
    region = toRegion({
      id: first.r_id,
      name: first.r_name,
      currency: first.r_currency,
      countries: first.r_countries,
      tax_rate: first.r_tax_rate,
      tax_included: first.r_tax_included,
      created_at: first.r_created_at,
      updated_at: first.r_updated_at,
    })
    currency = region.currency
    rows = result.rows
  } else {
    currency = input.currency ?? ''
    const result = await sql<CandidateRow>`
      select ${PRICE_COLUMNS}
      from commerce_prices p
      left join commerce_price_lists l on l.tenant_id = p.tenant_id and l.id = p.price_list_id
      where p.tenant_id = ${scope.tenantId} and p.currency = ${currency} and p.region_id is null
        and ${variantIn} and ${applicable(input.quantity, at)}`.execute(db)
    rows = result.rows
  }
  const byVariant = new Map<string, PriceCandidate[]>()
  for (const row of rows) {
    const candidate = toCandidate(row)
    if (candidate === null || row.variant_id === null) continue
    byVariant.set(row.variant_id, [...(byVariant.get(row.variant_id) ?? []), candidate])
  }
  const context = { currency, regionId: region?.id ?? null, quantity: input.quantity, at }
  return {
    currency,
    region,
    items: input.variantIds.map((variantId) => {
      const price = resolvePrice(byVariant.get(variantId) ?? [], context)
      if (price === undefined) return { variantId, price: null }
      const tax =
        region && taxOf(price.amount, { rate: region.taxRate, included: region.taxIncluded })
      return { variantId, price: { ...price, tax } }
    }),
  }
}
