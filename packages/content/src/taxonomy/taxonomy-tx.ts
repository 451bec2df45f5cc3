import { uniqueViolation } from '@rustok/core-db'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { ContentTables } from '../content-tables'
import { writeChange, type PendingEvents } from '../nodes/node-tx'
import type { ContentActor } from '../nodes/node-types'

/** Where category and tag slugs are unique: one per (tenant, locale), the tables' unique keys. */
const SLUG_KEYS = {
  category: {
    table: 'content_category_translations',
    owner: 'category_id',
    // PostgreSQL's name for the unnamed `unique (tenant_id, locale, slug)` of migration 0001.
    constraint: 'content_category_translations_tenant_id_locale_slug_key',
  },
  tag: {
    table: 'content_tag_translations',
    owner: 'tag_id',
    constraint: 'content_tag_translations_tenant_id_locale_slug_key',
  },
} as const

/** Which kind of term a slug belongs to. */
export type TermKind = keyof typeof SLUG_KEYS

/** The `CONFLICT` for a slug another category (or tag) of the tenant has in the locale. */
function termSlugConflict(
  kind: TermKind,
  taken: { readonly slug: string; readonly path: string },
): ContentError {
  return new ContentError('CONFLICT', `The ${kind} slug "${taken.slug}" is taken`, {
    errors: [{ path: taken.path, message: `"${taken.slug}" is taken by another ${kind}` }],
  })
}

/**
 * Runs a category or tag change in one transaction with its events (the node service's
 * {@link writeChange}). A racing writer that took a slug between the check and the insert makes
 * the unique key fail: that is the same `CONFLICT`, naming the slug from the driver's detail.
 */
export async function writeTerm<T>(
  deps: ResolvedContentDeps,
  change: { readonly tenantId: string; readonly actor: ContentActor; readonly kind: TermKind },
  work: (trx: Transaction<ContentTables>, events: PendingEvents) => Promise<T>,
): Promise<T> {
  try {
    return await writeChange(deps, change, work)
  } catch (error) {
    if (uniqueViolation(error) !== SLUG_KEYS[change.kind].constraint) throw error
    const detail = (error as { detail?: unknown }).detail
    const match =
      typeof detail === 'string' ? /=\(.*, ([^,)]+)\) already exists/.exec(detail) : null
    throw termSlugConflict(change.kind, { slug: match?.[1] ?? '', path: 'translations' })
  }
}

/**
 * `CONFLICT` naming the first of `wanted` that another term of the tenant already has in its
 * locale (one query). The unique key still decides a race (see {@link writeTerm}).
 */
export async function assertSlugsFree(
  trx: Kysely<ContentTables>,
  owner: { readonly kind: TermKind; readonly tenantId: string; readonly id: string },
  wanted: readonly { readonly locale: string; readonly slug: string; readonly path: string }[],
): Promise<void> {
  if (wanted.length === 0) return
  const { table, owner: column } = SLUG_KEYS[owner.kind]
  const pairs = sql.join(wanted.map((w) => sql`(${w.locale}, ${w.slug})`))
  const taken = await sql<{ locale: string; slug: string }>`
    select locale, slug from ${sql.table(table)}
    where tenant_id = ${owner.tenantId} and ${sql.ref(column)} <> ${owner.id}
      and (locale, slug) in (${pairs})`.execute(trx)
  const clash = wanted.find((w) =>
    taken.rows.some((row) => row.locale === w.locale && row.slug === w.slug),
  )
  if (clash) throw termSlugConflict(owner.kind, clash)
}

/**
 * Serialises changes to one tenant's category tree (moves, children under a parent, deletes) for
 * the rest of the transaction: two moves checked apart could otherwise close a cycle together,
 * and a child could land under a parent being deleted.
 */
export async function lockCategoryTree(
  trx: Kysely<ContentTables>,
  tenantId: string,
): Promise<void> {
  const key = `content-category-tree:${tenantId}`
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx)
}
