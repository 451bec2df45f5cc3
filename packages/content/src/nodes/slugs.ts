import slugify from '@sindresorhus/slugify'
import { escapeLike, uniqueViolation } from '@rustok/core-db'
import { sql, type Kysely } from 'kysely'
import { ContentError } from '../content-error'
import type { ContentTables } from '../content-tables'

/** The unique index over (tenant, kind, locale, slug) of node translations. */
const SLUG_CONSTRAINT = 'content_node_translations_slug_key'

const MAX_BASE = 180

/**
 * The slug of a title: transliterated (Cyrillic, Greek, German umlauts, …), lowercase, words
 * joined by `-`, at most 180 characters so a `-N` suffix still fits; `fallback` when nothing of
 * the title is left (an emoji title).
 *
 * @example
 * ```ts
 * slugFromTitle('Привет, мир!', 'post') // 'privet-mir'
 * ```
 */
export function slugFromTitle(title: string, fallback: string): string {
  const slug = slugify(title).slice(0, MAX_BASE).replace(/-+$/, '')
  return slug === '' ? slugify(fallback) || 'node' : slug
}

/** Where a slug is claimed: one (tenant, kind, locale), for one node. */
export interface SlugScope {
  readonly tenantId: string
  readonly kind: string
  readonly locale: string
  readonly nodeId: string
}

/**
 * Whether `slug` is free for the node in `scope`: no other node's current translation has it.
 * With `includeRetired`, another node's old slug (still redirecting to it) counts as taken too.
 */
async function slugsTaken(
  trx: Kysely<ContentTables>,
  scope: SlugScope,
  wanted: { readonly base: string; readonly includeRetired: boolean },
): Promise<Set<string>> {
  const { base, includeRetired } = wanted
  const pattern = `${escapeLike(base)}-%`
  const current = await trx
    .selectFrom('content_node_translations')
    .select('slug')
    .where('tenant_id', '=', scope.tenantId)
    .where('kind', '=', scope.kind)
    .where('locale', '=', scope.locale)
    .where('node_id', '<>', scope.nodeId)
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', pattern)]))
    .execute()
  const retired = includeRetired
    ? await trx
        .selectFrom('content_slug_history')
        .select('slug')
        .where('tenant_id', '=', scope.tenantId)
        .where('kind', '=', scope.kind)
        .where('locale', '=', scope.locale)
        .where('node_id', '<>', scope.nodeId)
        .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', pattern)]))
        .execute()
    : []
  return new Set([...current, ...retired].map((row) => row.slug))
}

/**
 * Decides the slug a translation gets, inside the writing transaction. `error` mode: the wanted
 * slug, or `CONFLICT` naming it when another node has it. `suffix` mode: the wanted slug or the
 * next free `-2`, `-3`, …; a transaction-scoped advisory lock on (tenant, kind, locale, base)
 * makes concurrent creates of the same title wait for each other instead of picking the same one.
 */
export async function claimSlug(
  trx: Kysely<ContentTables>,
  scope: SlugScope,
  wanted: { readonly slug: string; readonly mode: 'error' | 'suffix'; readonly field: string },
): Promise<string> {
  const { slug, mode, field } = wanted
  if (mode === 'suffix') {
    const key = `content-slug:${scope.tenantId}:${scope.kind}:${scope.locale}:${slug}`
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx)
  }
  const taken = await slugsTaken(trx, scope, { base: slug, includeRetired: mode === 'suffix' })
  if (!taken.has(slug)) return slug
  if (mode === 'error') throw slugConflict(slug, field)
  const base = slug.slice(0, MAX_BASE)
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`
    if (!taken.has(candidate)) return candidate
  }
}

/** The `CONFLICT` for a slug another node of the same kind and locale has. */
export function slugConflict(slug: string, field: string): ContentError {
  return new ContentError('CONFLICT', `The slug "${slug}" is taken`, {
    errors: [{ path: field, message: `"${slug}" is taken by another node` }],
  })
}

/**
 * A unique violation of the slug index raised by a racing writer: the slug from the driver's
 * detail (`Key (…, slug)=(…, hello) already exists.`), or `''`; `undefined` for other errors.
 */
export function racedSlug(error: unknown): string | undefined {
  if (uniqueViolation(error) !== SLUG_CONSTRAINT) return undefined
  const detail = (error as { detail?: unknown }).detail
  const match = typeof detail === 'string' ? /=\(.*, ([^,)]+)\) already exists/.exec(detail) : null
  return match?.[1] ?? ''
}

/**
 * Moves a node's replaced slug into its history (so it keeps resolving, as a redirect) and takes
 * `slug` out of the history (a current slug always wins over an old one).
 */
export async function recordSlugChange(
  trx: Kysely<ContentTables>,
  scope: SlugScope,
  change: { readonly from: string | undefined; readonly to: string; readonly at: Date },
): Promise<void> {
  await trx
    .deleteFrom('content_slug_history')
    .where('tenant_id', '=', scope.tenantId)
    .where('kind', '=', scope.kind)
    .where('locale', '=', scope.locale)
    .where('slug', '=', change.to)
    .execute()
  if (change.from === undefined || change.from === change.to) return
  await trx
    .insertInto('content_slug_history')
    .values({
      tenant_id: scope.tenantId,
      kind: scope.kind,
      locale: scope.locale,
      slug: change.from,
      node_id: scope.nodeId,
      retired_at: change.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'kind', 'locale', 'slug'])
        .doUpdateSet({ node_id: scope.nodeId, retired_at: change.at }),
    )
    .execute()
}
