import type { Kysely, Selectable } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommercePriceListsTable, CommerceTables } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import { priceListCreated, priceListDeleted, priceListUpdated } from '../events/price-list-events'
import { IdSchema, parseInput } from '../internal/parse-input'
import {
  IdPageSchema,
  PriceListInputSchema,
  PriceListPatchSchema,
  type IdPageInput,
  type PriceListInput,
  type PriceListPatch,
} from './pricing-schemas'
import type { IdPage, PriceList } from './pricing-types'
import { idPage } from './region-service'

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

function toPriceList(row: Selectable<CommercePriceListsTable>): PriceList {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    status: row.status,
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

const notFound = (id: string) => new CommerceError('NOT_FOUND', `Price list ${id} not found`)

async function getPriceList(
  db: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly id: string },
): Promise<PriceList> {
  const id = parseInput(IdSchema, ref.id)
  const row = await db
    .selectFrom('commerce_price_lists')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound(id)
  return toPriceList(row)
}

type Ref = { readonly tenantId: string; readonly id: string }

/** Price lists: create, change (status, window, texts; not the type), delete with prices, read. */
export function priceListOperations(deps: ResolvedCommerceDeps): {
  create(tenantId: string, input: PriceListInput, actor: CommerceActor): Promise<PriceList>
  update(ref: Ref, patch: PriceListPatch, actor: CommerceActor): Promise<PriceList>
  delete(ref: Ref, actor: CommerceActor): Promise<void>
  get(ref: Ref): Promise<PriceList>
  list(tenantId: string, page?: IdPageInput): Promise<IdPage<PriceList>>
} {
  return {
    async create(tenantId, rawInput, actor) {
      const input = parseInput(PriceListInputSchema, rawInput)
      const id = deps.newId()
      const now = deps.now()
      await writeCommerceChange(deps, { tenantId, actor }, async (trx, events) => {
        await trx
          .insertInto('commerce_price_lists')
          .values({
            id,
            tenant_id: tenantId,
            name: input.name,
            description: input.description,
            type: input.type,
            status: input.status,
            starts_at: input.startsAt,
            ends_at: input.endsAt,
            created_at: now,
            updated_at: now,
          })
          .execute()
        events.add(priceListCreated, { priceListId: id, type: input.type, status: input.status })
      })
      return getPriceList(deps.db, { tenantId, id })
    },
    async update(ref, rawPatch, actor) {
      const id = parseInput(IdSchema, ref.id)
      const patch = parseInput(PriceListPatchSchema, rawPatch)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const current = await trx
          .selectFrom('commerce_price_lists')
          .select(['starts_at', 'ends_at'])
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!current) throw notFound(id)
        const startsAt = patch.startsAt === undefined ? current.starts_at : patch.startsAt
        const endsAt = patch.endsAt === undefined ? current.ends_at : patch.endsAt
        if (startsAt && endsAt && startsAt >= endsAt)
          throw new CommerceError('INVALID_INPUT', 'endsAt must be after startsAt', {
            errors: [{ path: 'endsAt', message: 'must be after startsAt' }],
          })
        const row = await trx
          .updateTable('commerce_price_lists')
          .set({
            ...(patch.name === undefined ? {} : { name: patch.name }),
            ...(patch.description === undefined ? {} : { description: patch.description }),
            ...(patch.status === undefined ? {} : { status: patch.status }),
            starts_at: startsAt,
            ends_at: endsAt,
            updated_at: deps.now(),
          })
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .returning(['type', 'status'])
          .executeTakeFirstOrThrow()
        events.add(priceListUpdated, { priceListId: id, type: row.type, status: row.status })
      })
      return getPriceList(deps.db, { tenantId: ref.tenantId, id })
    },
    async delete(ref, actor) {
      const id = parseInput(IdSchema, ref.id)
      await writeCommerceChange(deps, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const row = await trx
          .deleteFrom('commerce_price_lists')
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', id)
          .returning(['type', 'status'])
          .executeTakeFirst()
        if (!row) throw notFound(id)
        events.add(priceListDeleted, { priceListId: id, type: row.type, status: row.status })
      })
    },
    get: (ref) => getPriceList(deps.db, ref),
    async list(tenantId, rawPage = {}) {
      const page = parseInput(IdPageSchema, rawPage)
      let query = deps.db
        .selectFrom('commerce_price_lists')
        .selectAll()
        .where('tenant_id', '=', tenantId)
      if (page.after) query = query.where('id', '<', page.after)
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute()
      return idPage(rows.map(toPriceList), page.limit)
    },
  }
}
