import { escapeLike, exactTimestamp, isExactInstant, keysetAfter } from '@rustok/core-db'
import * as v from 'valibot'
import type { AuthDb, UserStatus } from './auth-tables'
import { IdSchema, parseInput, RoleNameSchema } from './internal/parse-input'
import { toUser, type User } from './user'

/** The fields a user list can be ordered by; ties are broken by id. */
export type UserSortField = 'createdAt' | 'email'

/**
 * Where the previous page ended: its last user's sort value and id. For `createdAt` the value is
 * the exact timestamp (microseconds, UTC), so no row is skipped or repeated at a page boundary.
 */
export interface UserListCursor {
  readonly value: string
  readonly id: string
}

/** What {@link UserStore.list} takes. */
export interface UserListQuery {
  readonly tenantId: string
  /** Page size, 1–1000. */
  readonly limit: number
  /** Default: `createdAt` descending (newest first). */
  readonly sort?: { readonly field: UserSortField; readonly direction: 'asc' | 'desc' } | undefined
  /** The `next` of the previous page with the same sort; omitted for the first page. */
  readonly after?: UserListCursor | undefined
  readonly role?: string | undefined
  readonly status?: UserStatus | undefined
  /** Case-insensitive substring of the e-mail or the name; blank means no filter. */
  readonly search?: string | undefined
}

/** One page of users and the cursor of the next, `null` on the last page. */
export interface UserListPage {
  readonly users: readonly User[]
  readonly next: UserListCursor | null
}

const QuerySchema = v.pipe(
  v.object({
    tenantId: IdSchema,
    limit: v.pipe(
      v.number('must be a number'),
      v.safeInteger('must be an integer'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(1000, 'must be at most 1000'),
    ),
    sort: v.optional(
      v.object({
        field: v.picklist(['createdAt', 'email'], 'must be createdAt or email'),
        direction: v.picklist(['asc', 'desc'], 'must be asc or desc'),
      }),
      { field: 'createdAt', direction: 'desc' },
    ),
    after: v.optional(
      v.object({
        value: v.pipe(v.string('must be a string'), v.maxLength(255, 'is too long')),
        id: IdSchema,
      }),
    ),
    role: v.optional(RoleNameSchema),
    status: v.optional(v.picklist(['active', 'inactive', 'banned'], 'must be a user status')),
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
 * Lists a tenant's users a page at a time, keyset-paged over (sort field, id): a page costs the
 * same wherever it starts and stays stable while users are added. Throws `INVALID_INPUT` for a bad
 * query, including a cursor whose value does not fit the sort field.
 */
export async function listUsers(db: AuthDb, query: UserListQuery): Promise<UserListPage> {
  const { tenantId, limit, sort, after, role, status, search } = parseInput(QuerySchema, query)
  const column = sort.field === 'email' ? 'email' : 'created_at'
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .select(exactTimestamp('created_at').as('created_at_exact'))
    .where('tenant_id', '=', tenantId)
    .$if(role !== undefined, (qb) => qb.where('role', '=', role ?? ''))
    .$if(status !== undefined, (qb) => qb.where('status', '=', status ?? 'active'))
    .$if(search !== undefined && search !== '', (qb) => {
      const pattern = `%${escapeLike(search ?? '')}%`
      return qb.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('name', 'ilike', pattern)]))
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
      ? { value: sort.field === 'email' ? last.email : last.created_at_exact, id: last.id }
      : null
  return { users: page.map(({ created_at_exact: _exact, ...row }) => toUser(row)), next }
}
