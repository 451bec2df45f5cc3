import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceActor } from '../catalogue/product-tx'
import { ledgerDrift, toLevel, variantFacts } from './inventory-level'
import { inventoryReads } from './inventory-reads'
import type { InventoryLevel, LevelRef, Reservation } from './inventory-types'
import {
  convertReservation,
  expireReservations,
  releaseReservation,
  reserveStock,
} from './reservations'
import { adjustStock, setStock, transferStock } from './stock-changes'

/** Stock per variant and location, its ledger, and reservations that never oversell. */
export interface InventoryService {
  createLocation(
    tenantId: string,
    input: { readonly name: string },
  ): Promise<{ id: string; name: string }>
  /** A level (zeros when nothing was ever stocked there). */
  level(ref: LevelRef): Promise<InventoryLevel>
  adjust(
    ref: LevelRef,
    input: { readonly delta: number; readonly reason?: string; readonly reference?: string },
    actor: CommerceActor,
  ): Promise<InventoryLevel>
  set(
    ref: LevelRef,
    input: { readonly stocked: number; readonly reason?: string },
    actor: CommerceActor,
  ): Promise<InventoryLevel>
  transfer(
    move: {
      readonly tenantId: string
      readonly variantId: string
      readonly from: string
      readonly to: string
    },
    input: { readonly quantity: number; readonly reason?: string },
    actor: CommerceActor,
  ): Promise<{ readonly from: InventoryLevel; readonly to: InventoryLevel }>
  reserve(
    ref: LevelRef,
    input: { readonly quantity: number; readonly reference: string; readonly expiresAt: Date },
    actor: CommerceActor,
  ): Promise<Reservation>
  release(
    reservation: { readonly tenantId: string; readonly id: string },
    actor: CommerceActor,
  ): Promise<Reservation>
  convert(
    reservation: { readonly tenantId: string; readonly id: string },
    actor: CommerceActor,
  ): Promise<Reservation>
  /** Expires what is due (the worker's sweep); returns how many. */
  expireDue(options?: { readonly batch?: number }): Promise<number>
  /** Levels that are not the sum of their movements: empty when the ledger is whole. */
  drift(tenantId: string): ReturnType<typeof ledgerDrift>
  /** Locations, levels, reservations and storefront availability, read by tenant. */
  readonly reads: ReturnType<typeof inventoryReads>
}

/**
 * The inventory service over a database that has the commerce tables.
 *
 * @example
 * ```ts
 * const inventory = createInventoryService({ db, events: outbox })
 * const { id: warehouse } = await inventory.createLocation(tenantId, { name: 'Warehouse' })
 * await inventory.adjust({ tenantId, variantId, locationId: warehouse }, { delta: 10 }, actor)
 * await inventory.reserve({ tenantId, variantId, locationId: warehouse }, { quantity: 1, reference: 'cart:42', expiresAt }, actor)
 * ```
 */
export function createInventoryService(options: CommerceDeps): InventoryService {
  const deps = resolveCommerceDeps(options)
  return {
    async createLocation(tenantId, input) {
      const name = input.name.trim()
      if (name === '' || name.length > 200)
        throw new CommerceError('INVALID_INPUT', 'name must be 1–200 characters', {
          errors: [{ path: 'name', message: 'must be 1–200 characters' }],
        })
      const id = deps.newId()
      await deps.db
        .insertInto('commerce_stock_locations')
        .values({ id, tenant_id: tenantId, name })
        .execute()
      return { id, name }
    },
    async level(ref) {
      const row = await deps.db
        .selectFrom('commerce_inventory_levels')
        .selectAll()
        .where('tenant_id', '=', ref.tenantId)
        .where('variant_id', '=', ref.variantId)
        .where('location_id', '=', ref.locationId)
        .executeTakeFirst()
      if (row) return toLevel(row)
      // Nothing stocked yet: zeros, once both the variant and the location are the tenant's.
      await variantFacts(deps.db, ref)
      return {
        variantId: ref.variantId,
        locationId: ref.locationId,
        stocked: 0,
        reserved: 0,
        incoming: 0,
        available: 0,
        lowStockThreshold: 5,
      }
    },
    adjust: (ref, input, actor) => adjustStock(deps, { ref, actor }, input),
    set: (ref, input, actor) => setStock(deps, { ref, actor }, input),
    transfer: (move, input, actor) => transferStock(deps, { ...move, actor }, input),
    reserve: (ref, input, actor) => reserveStock(deps, { ref, actor }, input),
    release: (reservation, actor) => releaseReservation(deps, { ...reservation, actor }),
    convert: (reservation, actor) => convertReservation(deps, { ...reservation, actor }),
    expireDue: (expireOptions) => expireReservations(deps, expireOptions),
    drift: (tenantId) => ledgerDrift(deps.db, tenantId),
    reads: inventoryReads(deps),
  }
}
