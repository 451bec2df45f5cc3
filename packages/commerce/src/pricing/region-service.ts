import { sql, type Kysely, type Selectable } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceRegionsTable, CommerceTables } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import { regionCreated, regionDeleted, regionUpdated } from '../events/region-events'
import { IdSchema, parseInput } from '../internal/parse-input'
import {
  IdPageSchema,
  RegionInputSchema,
  RegionPatchSchema,
  type IdPageInput,
  type RegionInput,
  type RegionPatch,
} from './pricing-schemas'
import type { IdPage, Region } from './pricing-types'
import { normaliseRate } from './tax'

type RegionRow = Omit<Selectable<CommerceRegionsTable>, 'tax_rate'> & { tax_rate: string }

/* The columns of a region, the tax rate as text (exact on PostgreSQL and PGlite alike). */
const regionColumns = [
  'id',
  'name',
  'currency',
  'countries',
  'tax_included',
  'created_at',
  'updated_at',
  sql<string>`tax_rate::text`.as('tax_rate'),
] as const

/** A region row as the API shows it. */
export function toRegion(row: Omit<RegionRow, 'tenant_id'>): Region {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    countries: row.countries,
    taxRate: normaliseRate(row.tax_rate),
    taxIncluded: row.tax_included,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

const notFound = (id: string) => new CommerceError('NOT_FOUND', `Region ${id} not found`)

/** A region of the tenant, or `NOT_FOUND`. */
async function getRegion(
  db: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly id: string },
): Promise<Region> {
  const id = parseInput(IdSchema, ref.id)
  const row = await db
    .selectFrom('commerce_regions')
    .select(regionColumns)
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound(id)
  return toRegion(row)
}

/** Regions: create, change (not the currency), delete (with their regional prices), read. */
export function regionOperations(deps: ResolvedCommerceDeps): {
  create(tenantId: string, input: RegionInput, actor: CommerceActor): Promise<Region>
  update(
    ref: { readonly tenantId: string; readonly id: string },
    patch: RegionPatch,
    actor: CommerceActor,
  ): Promise<Region>
  delete(
    ref: { readonly tenantId: string; readonly id: string },
    actor: CommerceActor,
  ): Promise<void>
  get(ref: { readonly tenantId: string; readonly id: string }): Promise<Region>
  list(tenantId: string, page?: IdPageInput): Promise<IdPage<Region>>
} {
  return {
    async create(tenantId, rawInput, actor) {
      const input = parseInput(RegionInputSchema, rawInput)
      const id = deps.newId()
      const now = deps.now()
      await writeCommerceChange(deps, { tenantId, actor }, async (trx, events) => {
        await trx
          .insertInto('commerce_regions')
          .values({
            id,
            tenant_id: tenantId,
            name: input.name,
            currency: input.currency,
            countries: input.countries,
            tax_rate: input.taxRate,
            tax_included: input.taxIncluded,
            created_at: now,
            updated_at: now,
          })
          .execute()
        events.add(regionCreated, { regionId: id, currency: input.currency })
      })
      return getRegion(deps.db, { tenantId, id })
    },
    async update(ref, rawPatch, actor) {
      const id = parseInput(IdSchema, ref.id)
      const patch = parseInput(RegionPatchSchema, rawPatch)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const row = await trx
          .updateTable('commerce_regions')
          .set({
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.countries === undefined ? {} : { countries: patch.countries }),
            ...(patch.taxRate === undefined ? {} : { tax_rate: patch.taxRate }),
            ...(patch.taxIncluded === undefined ? {} : { tax_included: patch.taxIncluded }),
            updated_at: deps.now(),
          })
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .returning(['currency'])
          .executeTakeFirst()
        if (!row) throw notFound(id)
        events.add(regionUpdated, { regionId: id, currency: row.currency })
      })
      return getRegion(deps.db, { tenantId: ref.tenantId, id })
    },
    async delete(ref, actor) {
      const id = parseInput(IdSchema, ref.id)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const row = await trx
          .deleteFrom('commerce_regions')
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .returning(['currency'])
          .executeTakeFirst()
        if (!row) throw notFound(id)
        events.add(regionDeleted, { regionId: id, currency: row.currency })
      })
    },
    get: (ref) => getRegion(deps.db, ref),
    async list(tenantId, rawPage = {}) {
      const page = parseInput(IdPageSchema, rawPage)
      let query = deps.db
        .selectFrom('commerce_regions')
        .select(regionColumns)
        .where('tenant_id', '=', tenantId)
      if (page.after) query = query.where('id', '<', page.after)
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      return idPage(rows.map(toRegion), page.limit)
    },
  }
}

/** The first `limit` of `limit + 1` items, and the id to continue after. */
export function idPage<T extends { readonly id: string }>(
  items: readonly T[],
  limit: number,
): IdPage<T> {
  const shown = items.slice(0, limit)
  return { items: shown, next: items.length > limit ? (shown.at(-1)?.id ?? null) : null }
}
