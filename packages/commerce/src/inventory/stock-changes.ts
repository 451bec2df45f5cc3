import { sql } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { MovementKind } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import { ensureLevel, levelEvents, recordMovement, toLevel, variantFacts } from './inventory-level'
import type { InventoryLevel, LevelRef } from './inventory-types'

const positiveInt = (value: number, what: string): void => {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new CommerceError('INVALID_INPUT', `${what} must be a positive integer`, {
      errors: [{ path: what, message: 'must be a positive integer' }],
    })
}

/** A change of the stocked quantity at one level. */
interface StockChange {
  readonly kind: MovementKind
  /** `delta`: add (or take, negative); `set`: make it exactly this. */
  readonly delta?: number
  readonly set?: number
  readonly reason?: string | null
  readonly reference?: string | null
}

/**
 * Changes the stocked quantity of a level inside `trx` by one conditional update (never below
 * zero: `INSUFFICIENT_INVENTORY`), writes its movement and events; returns the level after.
 */
async function changeStock(
  deps: ResolvedCommerceDeps,
  work: Parameters<Parameters<typeof writeCommerceChange>[2]>,
  change: { readonly ref: LevelRef; readonly actor: CommerceActor; readonly stock: StockChange },
): Promise<InventoryLevel> {
  const [trx, events] = work
  const { ref, actor, stock } = change
  const facts = await variantFacts(trx, ref)
  await ensureLevel(trx, ref)
  const before = await trx
    .selectFrom('commerce_inventory_levels')
    .selectAll()
    .where('variant_id', '=', ref.variantId)
    .where('location_id', '=', ref.locationId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  const delta = stock.set === undefined ? (stock.delta ?? 0) : stock.set - before.stocked
  const updated = await trx
    .updateTable('commerce_inventory_levels')
    .set({ stocked: sql<number>`stocked + ${delta}`, updated_at: deps.now() })
    .where('variant_id', '=', ref.variantId)
    .where('location_id', '=', ref.locationId)
    .where(sql<boolean>`stocked + ${delta} >= 0`)
    .returningAll()
    .executeTakeFirst()
  if (!updated)
    throw new CommerceError(
      'INSUFFICIENT_INVENTORY',
      `Only ${before.stocked} in stock at this location; cannot take ${-delta}`,
    )
  if (delta !== 0)
    await recordMovement(trx, {
      ...ref,
      id: deps.newId(),
      kind: stock.kind,
      stockedDelta: delta,
      reservedDelta: 0,
      reason: stock.reason,
      reference: stock.reference,
      actor,
      at: deps.now(),
    })
  const after = toLevel(updated)
  levelEvents(events, { ref, productId: facts.productId, before: toLevel(before), after })
  return after
}

/** Adds (or, negative, takes) stock at a level, recorded as an `adjust` movement. */
export function adjustStock(
  deps: ResolvedCommerceDeps,
  change: { readonly ref: LevelRef; readonly actor: CommerceActor },
  input: { readonly delta: number; readonly reason?: string; readonly reference?: string },
): Promise<InventoryLevel> {
  if (!Number.isSafeInteger(input.delta))
    throw new CommerceError('INVALID_INPUT', 'delta must be an integer', {
      errors: [{ path: 'delta', message: 'must be an integer' }],
    })
  return writeCommerceChange(
    deps,
    { tenantId: change.ref.tenantId, actor: change.actor },
    (...work) => changeStock(deps, work, { ...change, stock: { kind: 'adjust', ...input } }),
  )
}

/** Sets the stocked quantity (a count), recorded as the difference (`set` movement). */
export function setStock(
  deps: ResolvedCommerceDeps,
  change: { readonly ref: LevelRef; readonly actor: CommerceActor },
  input: { readonly stocked: number; readonly reason?: string },
): Promise<InventoryLevel> {
  if (!Number.isSafeInteger(input.stocked) || input.stocked < 0)
    throw new CommerceError('INVALID_INPUT', 'stocked must be a non-negative integer', {
      errors: [{ path: 'stocked', message: 'must be a non-negative integer' }],
    })
  return writeCommerceChange(
    deps,
    { tenantId: change.ref.tenantId, actor: change.actor },
    (...work) =>
      changeStock(deps, work, {
        ...change,
        stock: { kind: 'set', set: input.stocked, reason: input.reason },
      }),
  )
}

/** Moves stock between two locations in one transaction: both change, or neither. */
export function transferStock(
  deps: ResolvedCommerceDeps,
  change: {
    readonly tenantId: string
    readonly variantId: string
    readonly from: string
    readonly to: string
    readonly actor: CommerceActor
  },
  input: { readonly quantity: number; readonly reason?: string },
): Promise<{ readonly from: InventoryLevel; readonly to: InventoryLevel }> {
  positiveInt(input.quantity, 'quantity')
  if (change.from === change.to)
    throw new CommerceError('INVALID_INPUT', 'A transfer needs two different locations', {
      errors: [{ path: 'to', message: 'must differ from the source location' }],
    })
  const { tenantId, variantId, actor } = change
  return writeCommerceChange(deps, { tenantId, actor }, async (...work) => {
    // Lock both levels in one order (by location id), so two opposite transfers cannot deadlock.
    const [trx] = work
    // The variant and both locations must be the tenant's (404), before any row is written.
    for (const locationId of [change.from, change.to])
      await variantFacts(trx, { tenantId, variantId, locationId })
    for (const locationId of [change.from, change.to])
      await ensureLevel(trx, { tenantId, variantId, locationId })
    await trx
      .selectFrom('commerce_inventory_levels')
      .select('location_id')
      .where('variant_id', '=', variantId)
      .where('location_id', 'in', [change.from, change.to])
      .orderBy('location_id')
      .forUpdate()
      .execute()
    const stock = { kind: 'transfer' as const, reason: input.reason }
    const from = await changeStock(deps, work, {
      ref: { tenantId, variantId, locationId: change.from },
      actor,
      stock: { ...stock, delta: -input.quantity },
    })
    const to = await changeStock(deps, work, {
      ref: { tenantId, variantId, locationId: change.to },
      actor,
      stock: { ...stock, delta: input.quantity },
    })
    return { from, to }
  })
}
