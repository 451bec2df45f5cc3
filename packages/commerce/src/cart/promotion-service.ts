import { uniqueViolation } from '@rustok/core-db'
import type { Transaction } from 'kysely'
import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import { promotionCreated, promotionDeleted, promotionUpdated } from '../events/promotion-events'
import { IdSchema, parseInput } from '../internal/parse-input'
import { IdPageSchema, type IdPageInput } from '../pricing/pricing-schemas'
import type { IdPage } from '../pricing/pricing-types'
import { idPage } from '../pricing/region-service'
import {
  PromotionInputSchema,
  PromotionPatchSchema,
  type PromotionFields,
  type PromotionInput,
  type PromotionPatch,
} from './promotion-schemas'
import { toPromotion, type Promotion, type PromotionRow } from './promotion-rules'

type Ref = { readonly tenantId: string; readonly id: string }

/** Promotions (discount codes) of a tenant: create, change, delete, read. */
export interface PromotionService {
  create(tenantId: string, input: PromotionInput, actor: CommerceActor): Promise<Promotion>
  update(ref: Ref, patch: PromotionPatch, actor: CommerceActor): Promise<Promotion>
  delete(ref: Ref, actor: CommerceActor): Promise<void>
  get(ref: Ref): Promise<Promotion>
  list(tenantId: string, page?: IdPageInput): Promise<IdPage<Promotion>>
}

const invalid = (path: string, message: string) =>
  new CommerceError('INVALID_INPUT', `${path} ${message}`, { errors: [{ path, message }] })

/** The rules across fields, on the promotion as it will be stored. */
function checkTerms(type: 'percentage' | 'fixed', terms: PromotionFields): void {
  if (type === 'percentage' && (terms.percent ?? null) === null)
    throw invalid('percent', 'is required for a percentage promotion')
  if (type === 'percentage' && (terms.amount ?? null) !== null)
    throw invalid('amount', 'is for fixed promotions only')
  if (type === 'fixed' && (terms.amount ?? null) === null)
    throw invalid('amount', 'is required for a fixed promotion')
  if (type === 'fixed' && (terms.percent ?? null) !== null)
    throw invalid('percent', 'is for percentage promotions only')
  if ((terms.currency ?? null) === null && type === 'fixed')
    throw invalid('currency', 'is required for a fixed amount')
  if ((terms.currency ?? null) === null && (terms.minSubtotal ?? null) !== null)
    throw invalid('currency', 'is required with minSubtotal')
  if (terms.startsAt && terms.endsAt && terms.startsAt >= terms.endsAt)
    throw invalid('endsAt', 'must be after startsAt')
}

const termsOf = (row: PromotionRow): PromotionFields => ({
  percent: row.percent,
  amount: row.amount === null ? null : Number(row.amount),
  currency: row.currency,
  minSubtotal: row.min_subtotal === null ? null : Number(row.min_subtotal),
  usageLimit: row.usage_limit,
  perCustomerLimit: row.per_customer_limit,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  active: row.active,
})

const columns = (terms: PromotionFields) => ({
  percent: terms.percent ?? null,
  amount: terms.amount ?? null,
  currency: terms.currency ?? null,
  min_subtotal: terms.minSubtotal ?? null,
  usage_limit: terms.usageLimit ?? null,
  per_customer_limit: terms.perCustomerLimit ?? null,
  starts_at: terms.startsAt ?? null,
  ends_at: terms.endsAt ?? null,
  active: terms.active ?? true,
})

async function lockPromotion(trx: Transaction<CommerceTables>, ref: Ref): Promise<PromotionRow> {
  const row = await trx
    .selectFrom('commerce_promotions')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new CommerceError('NOT_FOUND', `Promotion ${ref.id} not found`)
  return row
}

/**
 * The promotions service: per-tenant discount codes, percentage or fixed (in one currency), with a
 * minimum subtotal, usage limits in all and per customer, and a validity window. Usage is counted
 * at checkout by {@link redeemPromotion}.
 *
 * @example
 * ```ts
 * const promotions = createPromotionService({ db, events: outbox })
 * await promotions.create(tenantId, { code: 'SUMMER10', type: 'percentage', percent: '10', usageLimit: 100 }, actor)
 * ```
 */
export function createPromotionService(options: CommerceDeps): PromotionService {
  const deps = resolveCommerceDeps(options)
  const get = async (ref: Ref): Promise<Promotion> => {
    const id = parseInput(IdSchema, ref.id)
    const row = await deps.db
      .selectFrom('commerce_promotions')
      .selectAll()
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw new CommerceError('NOT_FOUND', `Promotion ${id} not found`)
    return toPromotion(row)
  }
  return {
    async create(tenantId, rawInput, actor) {
      const input = parseInput(PromotionInputSchema, rawInput)
      checkTerms(input.type, input)
      const id = deps.newId()
      const now = deps.now()
      try {
        await writeCommerceChange(deps, { tenantId, actor }, async (trx, events) => {
          await trx
            .insertInto('commerce_promotions')
            .values({
              id,
              tenant_id: tenantId,
              code: input.code,
              type: input.type,
              ...columns(input),
              created_at: now,
              updated_at: now,
            })
            .execute()
          events.add(promotionCreated, { promotionId: id, code: input.code })
        })
      } catch (error) {
        if (uniqueViolation(error) !== 'commerce_promotions_code_key') throw error
        throw new CommerceError('CONFLICT', `The code ${input.code} is taken in this tenant`, {
          cause: error,
          errors: [{ path: 'code', message: `"${input.code}" is taken` }],
        })
      }
      return get({ tenantId, id })
    },
    async update(ref, rawPatch, actor) {
      const id = parseInput(IdSchema, ref.id)
      const patch = parseInput(PromotionPatchSchema, rawPatch)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const current = await lockPromotion(trx, { tenantId: ref.tenantId, id })
        const terms = { ...termsOf(current), ...patch }
        checkTerms(current.type, terms)
        if (terms.usageLimit != null && terms.usageLimit < current.usage_count)
          throw invalid('usageLimit', `must be at least the uses so far (${current.usage_count})`)
        await trx
          .updateTable('commerce_promotions')
          .set({ ...columns(terms), updated_at: deps.now() })
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .execute()
        events.add(promotionUpdated, { promotionId: id, code: current.code })
      })
      return get({ tenantId: ref.tenantId, id })
    },
    async delete(ref, actor) {
      const id = parseInput(IdSchema, ref.id)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const row = await trx
          .deleteFrom('commerce_promotions')
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .returning(['code'])
          .executeTakeFirst()
        if (!row) throw new CommerceError('NOT_FOUND', `Promotion ${id} not found`)
        events.add(promotionDeleted, { promotionId: id, code: row.code })
      })
    },
    get,
    async list(tenantId, rawPage = {}) {
      const page = parseInput(IdPageSchema, rawPage)
      let query = deps.db
        .selectFrom('commerce_promotions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
      if (page.after) query = query.where('id', '<', page.after)
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      return idPage(rows.map(toPromotion), page.limit)
    },
  }
}
