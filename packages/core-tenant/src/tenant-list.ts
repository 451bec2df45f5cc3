import { escapeLike, exactTimestamp, isExactInstant, keysetAfter } from '@rustok/core-db'
import type { Kysely } from 'kysely'
import * as v from 'valibot'
import { invalidInput } from './internal/issues'
import { toTenant } from './internal/tenant-row'
import type { Tenant } from './tenant'
import type { TenantTables } from './tenant-tables'

/** The fields a tenant list can be ordered by; ties are broken by id. */
export type TenantSortField = 'createdAt' | 'slug'

/**
 * Where the previous page ended: its last tenant's sort value and id. For `createdAt` the value is
 * the exact timestamp (microseconds, UTC), so no row is skipped or repeated at a page boundary.
 */
export interface TenantListCursor {
  readonly value: string
  readonly id: string
}

/** What {@link TenantStore.list} takes. */
export interface TenantListQuery {
  /** Page size, 1–1000. */
  readonly limit: number
  /** Default: `createdAt` ascending. */
  readonly sort?:
    { readonly field: TenantSortField; readonly direction: 'asc' | 'desc' } | undefined
  /** The `next` of the previous page with the same sort; omitted for the first page. */
  readonly after?: TenantListCursor | undefined
  /** Only active (`true`) or only disabled (`false`) tenants. */
  readonly active?: boolean | undefined
  /** Case-insensitive substring of the slug or the name; blank means no filter. */
  readonly search?: string | undefined
}

/** One page of tenants and the cursor of the next, `null` on the last page. */
export interface TenantListPage {
  readonly tenants: readonly Tenant[]
  readonly next: TenantListCursor | null
}

const QuerySchema = v.pipe(
  v.object({
    limit: v.pipe(
      v.number('must be a number'),
      v.safeInteger('must be an integer'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(1000, 'must be at most 1000'),
    ),
    sort: v.optional(
      v.object({
        field: v.picklist(['createdAt', 'slug'], 'must be createdAt or slug'),
        direction: v.picklist(['asc', 'desc'], 'must be asc or desc'),
      }),
      { field: 'createdAt', direction: 'asc' },
    ),
    after: v.optional(
      v.object({
        value: v.pipe(v.string('must be a string'), v.maxLength(255, 'is too long')),
        id: v.pipe(v.string('must be a string'), v.uuid('must be a UUID')),
      }),
    ),
    active: v.optional(v.boolean('must be a boolean')),
    search: v.optional(
      v.pipe(v.string('must be a string'), v.trim(), v.maxLength(255, 'is too long')),
    ),
  }),
  // A timestamp cursor must name an instant the database can compare exactly.
  v.forward(
    v.check(
      (query) =>
        query.sort.field !== 'createdAt' ||
        query.after === undefined ||
        isExactInstant(query.after.value),
      'must be an ISO instant in UTC when sorting by createdAt',
    ),
    ['after', 'value'],
  ),
)

/**
 * Lists tenants a page at a time, keyset-paged over (sort field, id): a page costs the same
 * wherever it starts and stays stable while tenants are added. Throws `INVALID_INPUT` for a bad
 * query, including a cursor whose value does not fit the sort field.
 */
export async function listTenants(
  db: Kysely<TenantTables>,
  query: TenantListQuery,
): Promise<TenantListPage> {
  const parsed = v.safeParse(QuerySchema, query)
  if (!parsed.success) throw invalidInput('tenant list query', parsed.issues)
  const { limit, sort, after, active, search } = parsed.output
  const column = sort.field === 'slug' ? 'slug' : 'created_at'
  const rows = await db
    .selectFrom('tenants')
    .selectAll()
    .select(exactTimestamp('created_at').as('created_at_exact'))
    .$if(active !== undefined, (qb) => qb.where('active', '=', active === true))
    .$if(search !== undefined && search !== '', (qb) => {
      const pattern = `%${escapeLike(search ?? '')}%`
      return qb.where((eb) => eb.or([eb('slug', 'ilike', pattern), eb('name', 'ilike', pattern)]))
    })
    .where(
      keysetAfter({
        column,
        direction: sort.direction,
        position: after && { ...after, timestamp: sort.field === 'createdAt' },
      }),
    )
    .orderBy(column, sort.direction)
    .orderBy('id', sort.direction)
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  const next =
    rows.length > limit && last !== undefined
      ? { value: sort.field === 'slug' ? last.slug : last.created_at_exact, id: last.id }
      : null
  return { tenants: page.map(({ created_at_exact: _exact, ...row }) => toTenant(row)), next }
}
