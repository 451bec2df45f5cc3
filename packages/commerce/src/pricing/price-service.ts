import { uniqueViolation } from '@rustok/core-db'
import type { Selectable, Transaction } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommercePricesTable, CommerceTables } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import { priceCreated, priceDeleted, priceUpdated } from '../events/price-events'
import { IdSchema, parseInput } from '../internal/parse-input'
import {
  IdPageSchema,
  PriceInputSchema,
  PricePatchSchema,
  type IdPageInput,
  type PriceInput,
  type PricePatch,
} from './pricing-schemas'
import type { IdPage, StoredPrice } from './pricing-types'
import { idPage } from './region-service'

type Ref = { readonly tenantId: string; readonly id: string }
type PriceRow = Selectable<CommercePricesTable>

// A stored price row as the API shows it (bigint text → number).
function toStoredPrice(row: Omit<PriceRow, 'tenant_id'>): StoredPrice {
  return {
    id: row.id,
    variantId: row.variant_id,
    currency: row.currency,
    regionId: row.region_id,
    priceListId: row.price_list_id,
    amount: Number(row.amount),
    compareAt: row.compare_at === null ? null : Number(row.compare_at),
    minQuantity: row.min_quantity,
    maxQuantity: row.max_quantity,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

const invalid = (path: string, message: string) =>
  new CommerceError('INVALID_INPUT', `${path} ${message}`, { errors: [{ path, message }] })

/** The variant's product, the region's currency and the list: each of the tenant, or 404/400. */
async function checkLinks(
  trx: Transaction<CommerceTables>,
  scope: { readonly tenantId: string; readonly variantId: string },
  input: { currency: string; regionId: string | null; priceListId: string | null },
): Promise<string> {
  const variant = await trx
    .selectFrom('commerce_variants')
    .select('product_id')
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', scope.variantId)
    .forShare()
    .executeTakeFirst()
  if (!variant) throw new CommerceError('NOT_FOUND', `Variant ${scope.variantId} not found`)
  if (input.regionId !== null) {
    const region = await trx
      .selectFrom('commerce_regions')
      .select('currency')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', input.regionId)
      .executeTakeFirst()
    if (!region) throw new CommerceError('NOT_FOUND', `Region ${input.regionId} not found`)
    if (region.currency !== input.currency)
      throw invalid('currency', `must be the region's currency (${region.currency})`)
  }
  if (input.priceListId !== null) {
    const list = await trx
      .selectFrom('commerce_price_lists')
      .select('id')
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', input.priceListId)
      .executeTakeFirst()
    if (!list) throw new CommerceError('NOT_FOUND', `Price list ${input.priceListId} not found`)
  }
  return variant.product_id
}

const scopeOf = (row: PriceRow, productId: string) => ({
  priceId: row.id,
  variantId: row.variant_id,
  productId,
  currency: row.currency,
  regionId: row.region_id,
  priceListId: row.price_list_id,
  minQuantity: row.min_quantity,
})

async function productOf(trx: Transaction<CommerceTables>, row: PriceRow): Promise<string> {
  const variant = await trx
    .selectFrom('commerce_variants')
    .select('product_id')
    .where('tenant_id', '=', row.tenant_id)
    .where('id', '=', row.variant_id)
    .executeTakeFirstOrThrow()
  return variant.product_id
}

/** Stored prices of variants: add, change, remove, list. */
export function priceOperations(deps: ResolvedCommerceDeps): {
  add(
    variant: { readonly tenantId: string; readonly variantId: string },
    input: PriceInput,
    actor: CommerceActor,
  ): Promise<StoredPrice>
  update(ref: Ref, patch: PricePatch, actor: CommerceActor): Promise<StoredPrice>
  delete(ref: Ref, actor: CommerceActor): Promise<void>
  get(ref: Ref): Promise<StoredPrice>
  listForVariant(
    variant: { readonly tenantId: string; readonly variantId: string },
    page?: IdPageInput,
  ): Promise<IdPage<StoredPrice>>
} {
  const notFound = (id: string) => new CommerceError('NOT_FOUND', `Price ${id} not found`)
  const get = async (ref: Ref) => {
    const id = parseInput(IdSchema, ref.id)
    const row = await deps.db
      .selectFrom('commerce_prices')
      .selectAll()
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound(id)
    return toStoredPrice(row)
  }
  return {
    async add(variant, rawInput, actor) {
      const variantId = parseInput(IdSchema, variant.variantId)
      const input = parseInput(PriceInputSchema, rawInput)
      const { tenantId } = variant
      const id = deps.newId()
      const now = deps.now()
      try {
        await writeCommerceChange(deps, { tenantId, actor }, async (trx, events) => {
          const productId = await checkLinks(trx, { tenantId, variantId }, input)
          const row = await trx
            .insertInto('commerce_prices')
            .values({
              id,
              tenant_id: tenantId,
              variant_id: variantId,
              currency: input.currency,
              region_id: input.regionId,
              price_list_id: input.priceListId,
              amount: input.amount,
              compare_at: input.compareAt,
              min_quantity: input.minQuantity,
              max_quantity: input.maxQuantity,
              created_at: now,
              updated_at: now,
            })
            .returningAll()
            .executeTakeFirstOrThrow()
          events.add(priceCreated, { ...scopeOf(row, productId), amount: input.amount })
        })
      } catch (error) {
        if (uniqueViolation(error) !== 'commerce_prices_key') throw error
        throw new CommerceError(
          'CONFLICT',
          'The variant has a price for this currency, region, list and minQuantity',
          { cause: error, errors: [{ path: 'minQuantity', message: 'has a price already' }] },
        )
      }
      return get({ tenantId, id })
    },
    async update(ref, rawPatch, actor) {
      const id = parseInput(IdSchema, ref.id)
      const patch = parseInput(PricePatchSchema, rawPatch)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const current = await trx
          .selectFrom('commerce_prices')
          .selectAll()
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!current) throw notFound(id)
        const amount = patch.amount ?? Number(current.amount)
        const compareAt =
          patch.compareAt === undefined
            ? current.compare_at === null
              ? null
              : Number(current.compare_at)
            : patch.compareAt
        const maxQuantity =
          patch.maxQuantity === undefined ? current.max_quantity : patch.maxQuantity
        if (compareAt !== null && compareAt < amount)
          throw invalid('compareAt', 'must be at least the amount')
        if (maxQuantity !== null && maxQuantity < current.min_quantity)
          throw invalid('maxQuantity', 'must be at least minQuantity')
        await trx
          .updateTable('commerce_prices')
          .set({ amount, compare_at: compareAt, max_quantity: maxQuantity, updated_at: deps.now() })
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .execute()
        events.add(priceUpdated, {
          ...scopeOf(current, await productOf(trx, current)),
          oldAmount: Number(current.amount),
          newAmount: amount,
        })
      })
      return get({ tenantId: ref.tenantId, id })
    },
    async delete(ref, actor) {
      const id = parseInput(IdSchema, ref.id)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const row = await trx
          .deleteFrom('commerce_prices')
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst()
        if (!row) throw notFound(id)
        events.add(priceDeleted, {
          ...scopeOf(row, await productOf(trx, row)),
          amount: Number(row.amount),
        })
      })
    },
    get,
    async listForVariant(variant, rawPage = {}) {
      const variantId = parseInput(IdSchema, variant.variantId)
      const page = parseInput(IdPageSchema, rawPage)
      const exists = await deps.db
        .selectFrom('commerce_variants')
        .select('id')
        .where('tenant_id', '=', variant.tenantId)
        .where('id', '=', variantId)
        .executeTakeFirst()
      if (!exists) throw new CommerceError('NOT_FOUND', `Variant ${variantId} not found`)
      let query = deps.db
        .selectFrom('commerce_prices')
        .selectAll()
        .where('tenant_id', '=', variant.tenantId)
        .where('variant_id', '=', variantId)
      if (page.after) query = query.where('id', '<', page.after)
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      return idPage(rows.map(toStoredPrice), page.limit)
    },
  }
}
