import { createEnvelope, type EventContext } from '@rustok/core-events'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import type { EventWriter } from '../commerce-deps'
import type { CommerceTables } from '../commerce-tables'
import { promotionRedeemed, promotionReleased } from '../events/promotion-events'
import {
  customerKey,
  promotionRefusal,
  toPromotion,
  type Promotion,
  type PromotionRefusal,
} from './promotion-rules'

/** What {@link redeemPromotion} counts a use of. */
export interface RedeemPromotionInput {
  readonly tenantId: string
  /** The discount code as stored on the cart (uppercase). */
  readonly code: string
  /** The buyer: a customer's user id, or `null` and the guest's e-mail. */
  readonly customerId: string | null
  readonly email: string | null
  /** The cart's currency and subtotal (minor units), checked against the promotion's terms. */
  readonly currency: string
  readonly subtotal: number
  /** What uses it: the order's id. Redeeming twice for one reference counts once. */
  readonly reference: string
  /** Default: now. */
  readonly at?: Date
  /** When given, `promotion.redeemed` is written through it in the same transaction. */
  readonly events?: EventWriter
  /** The event's context (actor, correlation, trace); the tenant is taken from `tenantId`. */
  readonly context?: Omit<EventContext, 'tenantId'>
  readonly newId?: () => string
}

/** A counted use of a promotion. */
export interface PromotionRedemption {
  readonly id: string
  readonly promotion: Promotion
  readonly reference: string
}

/** The outcome of {@link redeemPromotion}: counted, or refused with nothing written. */
export type RedeemPromotionResult =
  | { readonly ok: true; readonly redemption: PromotionRedemption }
  | { readonly ok: false; readonly code: string; readonly reason: PromotionRefusal }

/**
 * Counts one use of a discount code inside the caller's transaction (the checkout's order
 * transaction), race-safe: the promotion's row is locked (`FOR UPDATE`) before anything is read,
 * so concurrent redeemers of one code queue on it and each sees the usage the previous one
 * committed; every rule (active, window, currency, minimum subtotal, usage limit, per-customer
 * limit) is checked before the first write, so a refusal writes nothing and the caller decides
 * (roll back, or go on without the code). Then the usage count, the customer's count and a
 * redemption row are written. The table's check (`usage_count <= usage_limit`) backs the rule.
 * The same `reference` redeemed again answers the first redemption (a retried saga step).
 *
 * @example
 * ```ts
 * await db.transaction().execute(async (trx) => {
 *   const result = await redeemPromotion(trx, { tenantId, code: 'SUMMER10', customerId, email,
 *     currency: 'EUR', subtotal: 5000, reference: orderId })
 *   if (!result.ok) throw new Error(result.reason) // rolls the order back
 * })
 * ```
 */
export async function redeemPromotion(
  trx: Kysely<CommerceTables>,
  input: RedeemPromotionInput,
): Promise<RedeemPromotionResult> {
  const { tenantId } = input
  const refuse = (reason: PromotionRefusal): RedeemPromotionResult => ({
    ok: false,
    code: input.code,
    reason,
  })
  const row = await trx
    .selectFrom('commerce_promotions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('code', '=', input.code.toUpperCase())
    .forUpdate()
    .executeTakeFirst()
  if (!row) return refuse('NOT_FOUND')
  const promotion = toPromotion(row)
  const existing = await trx
    .selectFrom('commerce_promotion_redemptions')
    .select(['id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('promotion_id', '=', row.id)
    .where('reference', '=', input.reference)
    .executeTakeFirst()
  if (existing?.status === 'redeemed')
    return { ok: true, redemption: { id: existing.id, promotion, reference: input.reference } }
  const key = customerKey(input)
  if (key === null && promotion.perCustomerLimit !== null) return refuse('CUSTOMER_LIMIT_REACHED')
  const uses =
    key === null
      ? undefined
      : await trx
          .selectFrom('commerce_promotion_usages')
          .select('count')
          .where('promotion_id', '=', row.id)
          .where('customer_key', '=', key)
          .executeTakeFirst()
  const refusal = promotionRefusal(promotion, {
    at: input.at ?? new Date(),
    currency: input.currency,
    subtotal: input.subtotal,
    customerUses: uses?.count ?? 0,
  })
  if (refusal !== null) return refuse(refusal)
  const redemptionKey = key ?? 'anonymous'
  const updated = await trx
    .updateTable('commerce_promotions')
    .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', row.id)
    .returning('usage_count')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('commerce_promotion_usages')
    .values({ tenant_id: tenantId, promotion_id: row.id, customer_key: redemptionKey, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['promotion_id', 'customer_key'])
        .doUpdateSet((eb) => ({ count: eb('commerce_promotion_usages.count', '+', 1) })),
    )
    .execute()
  const newId = input.newId ?? uuidv7
  const id = existing?.id ?? newId()
  if (existing)
    await trx
      .updateTable('commerce_promotion_redemptions')
      .set({ status: 'redeemed' })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
  else
    await trx
      .insertInto('commerce_promotion_redemptions')
      .values({
        id,
        tenant_id: tenantId,
        promotion_id: row.id,
        customer_key: redemptionKey,
        reference: input.reference,
      })
      .execute()
  const payload = {
    promotionId: row.id,
    code: row.code,
    redemptionId: id,
    reference: input.reference,
  }
  if (input.events)
    await input.events.publishInTx(trx, [
      createEnvelope(promotionRedeemed, payload, { ...input.context, tenantId }, { newId }),
    ])
  return {
    ok: true,
    redemption: {
      id,
      promotion: { ...promotion, usageCount: updated.usage_count },
      reference: input.reference,
    },
  }
}

/** What {@link releasePromotion} gives back. */
export interface ReleasePromotionInput {
  readonly tenantId: string
  /** The reference (order id) the codes were redeemed for. */
  readonly reference: string
  readonly events?: EventWriter
  readonly context?: Omit<EventContext, 'tenantId'>
  readonly newId?: () => string
}

/**
 * Gives back every redemption of `reference` (a cancelled order, a compensated checkout) in the
 * caller's transaction: the usage counts go down by one each, once — a redemption already released
 * is left alone (conditional update), so a compensation that runs twice gives back once. Returns
 * the redemptions released by this call.
 */
export async function releasePromotion(
  trx: Kysely<CommerceTables>,
  input: ReleasePromotionInput,
): Promise<readonly { readonly id: string; readonly promotionId: string }[]> {
  const { tenantId } = input
  const released = await trx
    .updateTable('commerce_promotion_redemptions')
    .set({ status: 'released' })
    .where('tenant_id', '=', tenantId)
    .where('reference', '=', input.reference)
    .where('status', '=', 'redeemed')
    .returning(['id', 'promotion_id', 'customer_key'])
    .execute()
  const newId = input.newId ?? uuidv7
  for (const redemption of released) {
    const promotion = await trx
      .updateTable('commerce_promotions')
      .set((eb) => ({ usage_count: eb('usage_count', '-', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', redemption.promotion_id)
      .returning('code')
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('commerce_promotion_usages')
      .set((eb) => ({ count: eb('count', '-', 1) }))
      .where('promotion_id', '=', redemption.promotion_id)
      .where('customer_key', '=', redemption.customer_key)
      .execute()
    if (input.events)
      await input.events.publishInTx(trx, [
        createEnvelope(
          promotionReleased,
          {
            promotionId: redemption.promotion_id,
            code: promotion.code,
            redemptionId: redemption.id,
            reference: input.reference,
          },
          { ...input.context, tenantId },
          { newId },
        ),
      ])
  }
  return released.map((r) => ({ id: r.id, promotionId: r.promotion_id }))
}
