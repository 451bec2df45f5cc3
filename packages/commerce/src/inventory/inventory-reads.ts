import { sql } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { ReservationStatus } from '../commerce-tables'
import { IdSchema, parseInput } from '../internal/parse-input'
import { IdPageSchema, type IdPageInput } from '../pricing/pricing-schemas'
import type { IdPage } from '../pricing/pricing-types'
import { idPage } from '../pricing/region-service'
import { toLevel } from './inventory-level'
import type { InventoryLevel, Reservation } from './inventory-types'
import { toReservation } from './reservations'

/** A stock location. */
export interface StockLocation {
  readonly id: string
  readonly name: string
  readonly createdAt: string
}

/** A variant's stock summed over every location, as a storefront shows it. */
export interface VariantAvailability {
  readonly variantId: string
  /** Stocked − reserved over every location (never below 0 unless on backorder). */
  readonly available: number
  /** Whether it can be bought: available units, backorder allowed, or stock not managed. */
  readonly inStock: boolean
}

type Tenant = { readonly tenantId: string }

/** Reads of locations, levels and reservations; each filtered by tenant, a page at a time. */
export function inventoryReads(deps: ResolvedCommerceDeps): {
  location(ref: Tenant & { readonly id: string }): Promise<StockLocation>
  locations(scope: Tenant, page?: IdPageInput): Promise<IdPage<StockLocation>>
  /** Levels of a variant or a location (or all), a page at a time by (variant, location). */
  levels(
    scope: Tenant & { readonly variantId?: string; readonly locationId?: string },
    page?: { readonly limit?: number; readonly after?: string },
  ): Promise<{ readonly items: readonly InventoryLevel[]; readonly next: string | null }>
  reservation(ref: Tenant & { readonly id: string }): Promise<Reservation>
  reservations(
    scope: Tenant & { readonly variantId?: string; readonly status?: ReservationStatus },
    page?: IdPageInput,
  ): Promise<IdPage<Reservation>>
  /** Availability of many variants in one statement. */
  availability(scope: Tenant, variantIds: readonly string[]): Promise<VariantAvailability[]>
} {
  const { db } = deps
  return {
    async location(ref) {
      const id = parseInput(IdSchema, ref.id)
      const row = await db
        .selectFrom('commerce_stock_locations')
        .selectAll()
        .where('tenant_id', '=', ref.tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) throw new CommerceError('NOT_FOUND', `Stock location ${id} not found`)
      return { id: row.id, name: row.name, createdAt: row.created_at.toISOString() }
    },
    async locations(scope, rawPage = {}) {
      const page = parseInput(IdPageSchema, rawPage)
      let query = db
        .selectFrom('commerce_stock_locations')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
      if (page.after) query = query.where('id', '<', page.after)
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      return idPage(
        rows.map((row) => ({
          id: row.id,
          name: row.name,
          createdAt: row.created_at.toISOString(),
        })),
        page.limit,
      )
    },
    async levels(scope, rawPage = {}) {
      const limit = Math.min(Math.max(rawPage.limit ?? 20, 1), 100)
      let query = db
        .selectFrom('commerce_inventory_levels')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
      if (scope.variantId)
        query = query.where('variant_id', '=', parseInput(IdSchema, scope.variantId))
      if (scope.locationId)
        query = query.where('location_id', '=', parseInput(IdSchema, scope.locationId))
      if (rawPage.after) {
        const [variantId = '', locationId = ''] = rawPage.after.split(':')
        const after = {
          variantId: parseInput(IdSchema, variantId),
          locationId: parseInput(IdSchema, locationId),
        }
        query = query.where(
          sql<boolean>`(variant_id, location_id) > (${after.variantId}::uuid, ${after.locationId}::uuid)`,
        )
      }
      const rows = await query
        .orderBy('variant_id')
        .orderBy('location_id')
        .limit(limit + 1)
        .execute()
      const shown = rows.slice(0, limit)
      const last = shown.at(-1)
      return {
        items: shown.map(toLevel),
        next: rows.length > limit && last ? `${last.variant_id}:${last.location_id}` : null,
      }
    },
    async reservation(ref) {
      const id = parseInput(IdSchema, ref.id)
      const row = await db
        .selectFrom('commerce_reservations')
        .selectAll()
        .where('tenant_id', '=', ref.tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row) throw new CommerceError('NOT_FOUND', `Reservation ${id} not found`)
      return toReservation(row)
    },
    async reservations(scope, rawPage = {}) {
      const page = parseInput(IdPageSchema, rawPage)
      let query = db
        .selectFrom('commerce_reservations')
        .selectAll()
        .where('tenant_id', '=', scope.tenantId)
      if (scope.variantId)
        query = query.where('variant_id', '=', parseInput(IdSchema, scope.variantId))
      if (scope.status) query = query.where('status', '=', scope.status)
      if (page.after) query = query.where('id', '<', page.after)
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      return idPage(rows.map(toReservation), page.limit)
    },
    async availability(scope, variantIds) {
      if (variantIds.length === 0) return []
      const rows = await db
        .selectFrom('commerce_variants as v')
        .leftJoin('commerce_inventory_levels as l', (join) =>
          join.onRef('l.tenant_id', '=', 'v.tenant_id').onRef('l.variant_id', '=', 'v.id'),
        )
        .select([
          'v.id',
          'v.manage_inventory',
          'v.allow_backorder',
          sql<number>`coalesce(sum(l.stocked - l.reserved), 0)::int`.as('available'),
        ])
        .where('v.tenant_id', '=', scope.tenantId)
        .where('v.id', 'in', variantIds)
        .groupBy(['v.id', 'v.manage_inventory', 'v.allow_backorder'])
        .execute()
      const byId = new Map(rows.map((row) => [row.id, row]))
      return variantIds.map((variantId) => {
        const row = byId.get(variantId)
        const available = Number(row?.available ?? 0)
        const inStock =
          row !== undefined && (available > 0 || row.allow_backorder || !row.manage_inventory)
        return { variantId, available, inStock }
      })
    },
  }
}
