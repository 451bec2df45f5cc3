import type { Selectable } from 'kysely'
import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import {
  shippingOptionCreated,
  shippingOptionDeleted,
  shippingOptionUpdated,
} from '../events/shipping-option-events'
import { IdSchema, parseInput } from '../internal/parse-input'
import { IdPageSchema, type IdPageInput } from '../pricing/pricing-schemas'
import type { IdPage } from '../pricing/pricing-types'
import { idPage } from '../pricing/region-service'
import type { CommerceShippingOptionsTable } from './cart-tables'
import {
  ShippingOptionInputSchema,
  ShippingOptionPatchSchema,
  type ShippingOptionInput,
  type ShippingOptionPatch,
} from './shipping-option-schemas'

type Ref = { readonly tenantId: string; readonly id: string }

/** A flat-rate shipping option of a region; `amount` in minor units of the region's currency. */
export interface ShippingOption {
  readonly id: string
  readonly regionId: string
  readonly name: string
  readonly amount: number
  readonly createdAt: string
  readonly updatedAt: string
}

/** Shipping options: create, change, delete, read, list (all, or a region's). */
export interface ShippingOptionService {
  create(
    tenantId: string,
    input: ShippingOptionInput,
    actor: CommerceActor,
  ): Promise<ShippingOption>
  update(ref: Ref, patch: ShippingOptionPatch, actor: CommerceActor): Promise<ShippingOption>
  delete(ref: Ref, actor: CommerceActor): Promise<void>
  get(ref: Ref): Promise<ShippingOption>
  list(
    tenantId: string,
    page?: IdPageInput & { readonly regionId?: string },
  ): Promise<IdPage<ShippingOption>>
}

/** A shipping option row as the API shows it. */
function toShippingOption(row: Selectable<CommerceShippingOptionsTable>): ShippingOption {
  return {
    id: row.id,
    regionId: row.region_id,
    name: row.name,
    amount: Number(row.amount),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/**
 * The shipping options service: flat rates per region.
 *
 * @example
 * ```ts
 * const shipping = createShippingOptionService({ db, events: outbox })
 * await shipping.create(tenantId, { regionId: eu.id, name: 'Standard', amount: 490 }, actor)
 * ```
 */
export function createShippingOptionService(options: CommerceDeps): ShippingOptionService {
  const deps = resolveCommerceDeps(options)
  const notFound = (id: string) => new CommerceError('NOT_FOUND', `Shipping option ${id} not found`)
  const get = async (ref: Ref): Promise<ShippingOption> => {
    const id = parseInput(IdSchema, ref.id)
    const row = await deps.db
      .selectFrom('commerce_shipping_options')
      .selectAll()
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound(id)
    return toShippingOption(row)
  }
  return {
    async create(tenantId, rawInput, actor) {
      const input = parseInput(ShippingOptionInputSchema, rawInput)
      const id = deps.newId()
      const now = deps.now()
      await writeCommerceChange(deps, { tenantId, actor }, async (trx, events) => {
        const region = await trx
          .selectFrom('commerce_regions')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('id', '=', input.regionId)
          .forShare()
          .executeTakeFirst()
        if (!region)
          throw new CommerceError('NOT_FOUND', `Region ${input.regionId} not found`, {
            errors: [{ path: 'regionId', message: 'no such region' }],
          })
        await trx
          .insertInto('commerce_shipping_options')
          .values({
            id,
            tenant_id: tenantId,
            region_id: input.regionId,
            name: input.name,
            amount: input.amount,
            created_at: now,
            updated_at: now,
          })
          .execute()
        events.add(shippingOptionCreated, { shippingOptionId: id, regionId: input.regionId })
      })
      return get({ tenantId, id })
    },
    async update(ref, rawPatch, actor) {
      const id = parseInput(IdSchema, ref.id)
      const patch = parseInput(ShippingOptionPatchSchema, rawPatch)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const row = await trx
          .updateTable('commerce_shipping_options')
          .set({
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.amount === undefined ? {} : { amount: patch.amount }),
            updated_at: deps.now(),
          })
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .returning('region_id')
          .executeTakeFirst()
        if (!row) throw notFound(id)
        events.add(shippingOptionUpdated, { shippingOptionId: id, regionId: row.region_id })
      })
      return get({ tenantId: ref.tenantId, id })
    },
    async delete(ref, actor) {
      const id = parseInput(IdSchema, ref.id)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const row = await trx
          .deleteFrom('commerce_shipping_options')
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .returning('region_id')
          .executeTakeFirst()
        if (!row) throw notFound(id)
        events.add(shippingOptionDeleted, { shippingOptionId: id, regionId: row.region_id })
      })
    },
    get,
    async list(tenantId, rawPage = {}) {
      const { regionId, ...rest } = rawPage
      const page = parseInput(IdPageSchema, rest)
      let query = deps.db
        .selectFrom('commerce_shipping_options')
        .selectAll()
        .where('tenant_id', '=', tenantId)
      if (regionId !== undefined)
        query = query.where('region_id', '=', parseInput(IdSchema, regionId))
      if (page.after) query = query.where('id', '<', page.after)
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      return idPage(rows.map(toShippingOption), page.limit)
    },
  }
}
