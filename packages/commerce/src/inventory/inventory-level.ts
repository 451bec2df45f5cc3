import { sql, type Kysely, type Selectable } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceInventoryLevelsTable, CommerceTables, MovementKind } from '../commerce-tables'
import { inventoryLow, inventoryUpdated } from '../events/inventory-events'
import type { CommerceActor, EventSink } from '../catalogue/product-tx'
import type { InventoryLevel, LevelRef } from './inventory-types'

/** The variant a level belongs to: its product (for events) and whether it sells on backorder. */
export interface VariantFacts {
  readonly productId: string
  readonly allowBackorder: boolean
}

/** The tenant's variant; `NOT_FOUND` for a missing or foreign one (and for a foreign location). */
export async function variantFacts(
  trx: Kysely<CommerceTables>,
  ref: LevelRef,
): Promise<VariantFacts> {
  const variant = await trx
    .selectFrom('commerce_variants')
    .select(['product_id', 'allow_backorder'])
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.variantId)
    .executeTakeFirst()
  if (!variant) throw new CommerceError('NOT_FOUND', `Variant ${ref.variantId} not found`)
  const location = await trx
    .selectFrom('commerce_stock_locations')
    .select('id')
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.locationId)
    .executeTakeFirst()
  if (!location) throw new CommerceError('NOT_FOUND', `Stock location ${ref.locationId} not found`)
  return { productId: variant.product_id, allowBackorder: variant.allow_backorder }
}

/** Makes sure the level row exists (zero stock), so conditional updates have a row to match. */
export async function ensureLevel(trx: Kysely<CommerceTables>, ref: LevelRef): Promise<void> {
  await trx
    .insertInto('commerce_inventory_levels')
    .values({ tenant_id: ref.tenantId, variant_id: ref.variantId, location_id: ref.locationId })
    .onConflict((oc) => oc.columns(['variant_id', 'location_id']).doNothing())
    .execute()
}

/** A level row as the API shows it. */
export function toLevel(row: Selectable<CommerceInventoryLevelsTable>): InventoryLevel {
  return {
    variantId: row.variant_id,
    locationId: row.location_id,
    stocked: row.stocked,
    reserved: row.reserved,
    incoming: row.incoming,
    available: row.stocked - row.reserved,
    lowStockThreshold: row.low_stock_threshold,
  }
}

/** A movement of the ledger, written with the change it records. */
export async function recordMovement(
  trx: Kysely<CommerceTables>,
  movement: LevelRef & {
    readonly id: string
    readonly kind: MovementKind
    readonly stockedDelta: number
    readonly reservedDelta: number
    readonly reason?: string | null
    readonly reference?: string | null
    readonly actor: CommerceActor
    readonly at: Date
  },
): Promise<void> {
  await trx
    .insertInto('commerce_inventory_movements')
    .values({
      id: movement.id,
      tenant_id: movement.tenantId,
      variant_id: movement.variantId,
      location_id: movement.locationId,
      kind: movement.kind,
      stocked_delta: movement.stockedDelta,
      reserved_delta: movement.reservedDelta,
      reason: movement.reason ?? null,
      reference: movement.reference ?? null,
      actor_id: movement.actor.userId,
      created_at: movement.at,
    })
    .execute()
}

/**
 * The events of a level change: `inventory.updated` when the stocked quantity moved, and
 * `inventory.low` when what is available crossed down to the threshold or below (at the
 * threshold counts: the original's off-by-one).
 */
export function levelEvents(
  events: EventSink,
  change: {
    readonly ref: LevelRef
    readonly productId: string
    readonly before: InventoryLevel
    readonly after: InventoryLevel
  },
): void {
  const { ref, productId, before, after } = change
  if (before.stocked !== after.stocked)
    events.add(inventoryUpdated, {
      variantId: ref.variantId,
      productId,
      locationId: ref.locationId,
      oldQuantity: before.stocked,
      newQuantity: after.stocked,
    })
  const threshold = after.lowStockThreshold
  if (after.available <= threshold && before.available > threshold)
    events.add(inventoryLow, {
      variantId: ref.variantId,
      productId,
      remaining: Math.max(after.available, 0),
      threshold,
    })
}

/**
 * Levels whose stocked or reserved quantity is not the sum of their movements: empty when the
 * ledger is whole. For monitoring, and for the tests.
 */
export async function ledgerDrift(
  db: Kysely<CommerceTables>,
  tenantId: string,
): Promise<{ variantId: string; locationId: string; stocked: number; ledger: number }[]> {
  const { rows } = await sql<{
    variant_id: string
    location_id: string
    stocked: number
    reserved: number
    ledger_stocked: number
    ledger_reserved: number
  }>`
    select l.variant_id, l.location_id, l.stocked, l.reserved,
      coalesce(sum(m.stocked_delta), 0)::int as ledger_stocked,
      coalesce(sum(m.reserved_delta), 0)::int as ledger_reserved
    from commerce_inventory_levels l
    left join commerce_inventory_movements m
      on m.variant_id = l.variant_id and m.location_id = l.location_id and m.tenant_id = l.tenant_id
    where l.tenant_id = ${tenantId}
    group by l.variant_id, l.location_id, l.stocked, l.reserved
    having l.stocked <> coalesce(sum(m.stocked_delta), 0) or l.reserved <> coalesce(sum(m.reserved_delta), 0)`.execute(
    db,
  )
  return rows.map((row) => ({
    variantId: row.variant_id,
    locationId: row.location_id,
    stocked: row.stocked,
    ledger: row.ledger_stocked,
  }))
}
