import type { Kysely } from 'kysely'
import { bodyForStorage } from '../body-format'
import type { BodyFormat, ContentTables } from '../content-tables'
import { ContentError } from '../content-error'
import { claimSlug, recordSlugChange, slugFromTitle } from './slugs'

/** The node a text write is for. */
export interface TextTarget {
  readonly tenantId: string
  readonly nodeId: string
  readonly kind: string
  readonly at: Date
  readonly slugMode: 'error' | 'suffix'
}

/** A translation to write: merged into the existing one of its locale, if any. */
export interface TranslationWrite {
  readonly locale: string
  readonly title?: string | undefined
  readonly slug?: string | undefined
  readonly excerpt?: string | null | undefined
}

/** A body to write; replaces the locale's body. */
export interface BodyWrite {
  readonly locale: string
  readonly format: BodyFormat
  readonly body: string
}

/**
 * Merges `writes` into the node's translations, one locale at a time; other locales are not
 * touched. A new locale needs a title; its slug defaults to the slugified title. A changed slug
 * goes to the slug history. Returns the locales whose translation changed.
 */
export async function writeTranslations(
  trx: Kysely<ContentTables>,
  target: TextTarget,
  writes: readonly TranslationWrite[],
): Promise<string[]> {
  const existing = await trx
    .selectFrom('content_node_translations')
    .select(['locale', 'title', 'slug', 'excerpt'])
    .where('tenant_id', '=', target.tenantId)
    .where('node_id', '=', target.nodeId)
    .execute()
  const byLocale = new Map(existing.map((row) => [row.locale, row]))
  const changed: string[] = []
  for (const [index, write] of writes.entries()) {
    const before = byLocale.get(write.locale)
    const title = write.title ?? before?.title
    if (title === undefined)
      throw new ContentError('INVALID_INPUT', `A new translation (${write.locale}) needs a title`, {
        errors: [{ path: `translations.${index}.title`, message: 'is required for a new locale' }],
      })
    const wanted = write.slug ?? before?.slug ?? slugFromTitle(title, target.kind)
    const scope = { ...target, locale: write.locale }
    const slug =
      wanted === before?.slug
        ? wanted
        : await claimSlug(trx, scope, {
            slug: wanted,
            // An explicit slug is what the caller asked for; only a generated one takes a suffix.
            mode: write.slug === undefined ? target.slugMode : 'error',
            field: `translations.${index}.slug`,
          })
    const excerpt = write.excerpt === undefined ? (before?.excerpt ?? null) : write.excerpt
    if (before && before.title === title && before.slug === slug && before.excerpt === excerpt)
      continue
    await trx
      .insertInto('content_node_translations')
      .values({
        tenant_id: target.tenantId,
        node_id: target.nodeId,
        kind: target.kind,
        locale: write.locale,
        title,
        slug,
        excerpt,
        updated_at: target.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['node_id', 'locale'])
          .doUpdateSet({ title, slug, excerpt, updated_at: target.at }),
      )
      .execute()
    await recordSlugChange(trx, scope, { from: before?.slug, to: slug, at: target.at })
    changed.push(write.locale)
  }
  return changed
}

/** Replaces the bodies of the given locales (HTML sanitised); returns the locales that changed. */
export async function writeBodies(
  trx: Kysely<ContentTables>,
  target: TextTarget,
  writes: readonly BodyWrite[],
): Promise<string[]> {
  if (writes.length === 0) return []
  const existing = await trx
    .selectFrom('content_bodies')
    .select(['locale', 'format', 'body'])
    .where('tenant_id', '=', target.tenantId)
    .where('node_id', '=', target.nodeId)
    .execute()
  const byLocale = new Map(existing.map((row) => [row.locale, row]))
  const changed: string[] = []
  for (const write of writes) {
    const body = bodyForStorage(write.format, write.body)
    const before = byLocale.get(write.locale)
    if (before && before.format === write.format && before.body === body) continue
    await trx
      .insertInto('content_bodies')
      .values({
        tenant_id: target.tenantId,
        node_id: target.nodeId,
        locale: write.locale,
        format: write.format,
        body,
        updated_at: target.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['node_id', 'locale'])
          .doUpdateSet({ format: write.format, body, updated_at: target.at }),
      )
      .execute()
    changed.push(write.locale)
  }
  return changed
}

/**
 * Drops the translation and body of `locales`; refuses to drop the last translation. Dropped
 * slugs go to the history, so old links still find the node.
 */
export async function removeLocales(
  trx: Kysely<ContentTables>,
  target: TextTarget,
  locales: readonly string[],
): Promise<string[]> {
  if (locales.length === 0) return []
  const removed = await trx
    .deleteFrom('content_node_translations')
    .where('tenant_id', '=', target.tenantId)
    .where('node_id', '=', target.nodeId)
    .where('locale', 'in', locales)
    .returning(['locale', 'slug'])
    .execute()
  await trx
    .deleteFrom('content_bodies')
    .where('tenant_id', '=', target.tenantId)
    .where('node_id', '=', target.nodeId)
    .where('locale', 'in', locales)
    .execute()
  const left = await trx
    .selectFrom('content_node_translations')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('tenant_id', '=', target.tenantId)
    .where('node_id', '=', target.nodeId)
    .executeTakeFirstOrThrow()
  if (Number(left.count) === 0)
    throw new ContentError('INVALID_INPUT', 'A node keeps at least one translation', {
      errors: [{ path: 'removeLocales', message: 'would remove every translation' }],
    })
  for (const row of removed) {
    await trx
      .insertInto('content_slug_history')
      .values({
        tenant_id: target.tenantId,
        kind: target.kind,
        locale: row.locale,
        slug: row.slug,
        node_id: target.nodeId,
        retired_at: target.at,
      })
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'kind', 'locale', 'slug'])
          .doUpdateSet({ node_id: target.nodeId, retired_at: target.at }),
      )
      .execute()
  }
  return removed.map((row) => row.locale)
}
