import { uniqueViolation } from '@rustok/core-db'
import type { Selectable } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { IdSchema, LocaleSchema, parseInput } from '../internal/parse-input'
import { writeChange } from '../nodes/node-tx'
import { slugFromTitle } from '../nodes/slugs'
import { forumCategoryCreated, forumCategoryUpdated } from './forum-events'
import { contentActor, forumDb, notFound, type ForumDb } from './forum-rows'
import {
  CreateForumCategorySchema,
  UpdateForumCategorySchema,
  type CreateForumCategoryInput,
  type UpdateForumCategoryInput,
} from './forum-schemas'
import type { ForumCategoriesTable, ForumCategoryTranslationsTable } from './forum-tables'
import type { ForumActor, ForumCategory, ForumCategoryText, ForumRef } from './forum-types'

/** A tenant's categories are read in one page: forums have tens, not thousands. */
export const MAX_FORUM_CATEGORIES = 500

type CategoryRow = Selectable<ForumCategoriesTable>
type TranslationRow = Selectable<ForumCategoryTranslationsTable>

/** The text of `locales` (in order) among `rows`, else any (the first locale by code). */
function pickText(
  rows: readonly TranslationRow[],
  locales: readonly string[],
): ForumCategoryText | null {
  const chosen =
    locales.map((locale) => rows.find((row) => row.locale === locale)).find(Boolean) ??
    [...rows].sort((a, b) => a.locale.localeCompare(b.locale))[0]
  if (!chosen) return null
  return {
    locale: chosen.locale,
    name: chosen.name,
    slug: chosen.slug,
    description: chosen.description,
  }
}

function toCategory(row: CategoryRow, text: ForumCategoryText | null): ForumCategory {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    position: row.position,
    moderated: row.moderated,
    topicCount: row.topic_count,
    replyCount: row.reply_count,
    lastActivityAt: row.last_activity_at?.toISOString() ?? null,
    lastPosterId: row.last_poster_id,
    text,
    createdAt: row.created_at.toISOString(),
  }
}

async function readCategories(
  deps: ResolvedContentDeps,
  query: { tenantId: string; locale: string; ids?: readonly string[] },
): Promise<ForumCategory[]> {
  const db = forumDb(deps)
  const locale = parseInput(LocaleSchema, query.locale, 'locale')
  let select = db
    .selectFrom('content_forum_categories')
    .selectAll()
    .where('tenant_id', '=', query.tenantId)
  if (query.ids) select = select.where('id', 'in', query.ids)
  const rows = await select
    .orderBy('position', 'asc')
    .orderBy('id', 'asc')
    .limit(MAX_FORUM_CATEGORIES)
    .execute()
  if (rows.length === 0) return []
  const [texts, chain] = await Promise.all([
    db
      .selectFrom('content_forum_category_translations')
      .selectAll()
      .where('tenant_id', '=', query.tenantId)
      .where(
        'category_id',
        'in',
        rows.map((row) => row.id),
      )
      .execute(),
    deps.locales(query.tenantId, locale),
  ])
  return rows.map((row) =>
    toCategory(
      row,
      pickText(
        texts.filter((text) => text.category_id === row.id),
        chain,
      ),
    ),
  )
}

async function writeTexts(
  trx: ForumDb,
  target: { tenantId: string; categoryId: string },
  translations: readonly {
    locale: string
    name: string
    slug?: string
    description: string | null
  }[],
): Promise<void> {
  for (const [index, text] of translations.entries()) {
    const slug = text.slug ?? slugFromTitle(text.name, 'category')
    try {
      await trx
        .insertInto('content_forum_category_translations')
        .values({
          tenant_id: target.tenantId,
          category_id: target.categoryId,
          locale: text.locale,
          name: text.name,
          slug,
          description: text.description,
        })
        .onConflict((oc) =>
          oc.columns(['category_id', 'locale']).doUpdateSet({
            name: text.name,
            slug,
            description: text.description,
          }),
        )
        .execute()
    } catch (error) {
      if (uniqueViolation(error) === undefined) throw error
      throw new ContentError('CONFLICT', `The slug ${slug} is taken in ${text.locale}`, {
        cause: error,
        errors: [{ path: `translations.${index}.slug`, message: 'is taken in this locale' }],
      })
    }
  }
}

/** Creates a category with its translations. */
export async function createCategory(
  deps: ResolvedContentDeps,
  change: { tenantId: string; input: CreateForumCategoryInput; actor: ForumActor },
): Promise<ForumCategory> {
  const input = parseInput(CreateForumCategorySchema, change.input)
  const { tenantId } = change
  const id = deps.newId()
  await writeChange(
    deps,
    { tenantId, actor: contentActor(change.actor) },
    async (contentTrx, events) => {
      const trx = contentTrx as unknown as ForumDb
      const now = deps.now()
      await trx
        .insertInto('content_forum_categories')
        .values({
          id,
          tenant_id: tenantId,
          position: input.position,
          moderated: input.moderated,
          topic_count: 0,
          reply_count: 0,
          last_activity_at: null,
          last_poster_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await writeTexts(trx, { tenantId, categoryId: id }, input.translations)
      events.add(forumCategoryCreated, { categoryId: id, moderated: input.moderated })
    },
  )
  const locale = input.translations[0]?.locale ?? 'en'
  return getCategory(deps, { ref: { tenantId, id }, locale })
}

/** Changes a category's position, moderation flag or the given locales' texts. */
export async function updateCategory(
  deps: ResolvedContentDeps,
  change: { ref: ForumRef; input: UpdateForumCategoryInput; actor: ForumActor; locale: string },
): Promise<ForumCategory> {
  const input = parseInput(UpdateForumCategorySchema, change.input)
  const { tenantId } = change.ref
  const id = parseInput(IdSchema, change.ref.id, 'id')
  await writeChange(
    deps,
    { tenantId, actor: contentActor(change.actor) },
    async (contentTrx, events) => {
      const trx = contentTrx as unknown as ForumDb
      const row = await trx
        .updateTable('content_forum_categories')
        .set({
          updated_at: deps.now(),
          ...(input.position === undefined ? {} : { position: input.position }),
          ...(input.moderated === undefined ? {} : { moderated: input.moderated }),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .returning('moderated')
        .executeTakeFirst()
      if (!row) throw notFound('Category', id)
      if (input.translations)
        await writeTexts(trx, { tenantId, categoryId: id }, input.translations)
      events.add(forumCategoryUpdated, { categoryId: id, moderated: row.moderated })
    },
  )
  return getCategory(deps, { ref: { tenantId, id }, locale: change.locale })
}

/** One category in `locale` (fallback chain applied); `NOT_FOUND` when missing or foreign. */
export async function getCategory(
  deps: ResolvedContentDeps,
  query: { ref: ForumRef; locale: string },
): Promise<ForumCategory> {
  const id = parseInput(IdSchema, query.ref.id, 'id')
  const [category] = await readCategories(deps, {
    tenantId: query.ref.tenantId,
    locale: query.locale,
    ids: [id],
  })
  if (!category) throw notFound('Category', id)
  return category
}

/** The tenant's categories by position, in `locale`: two statements whatever their number. */
export function listCategories(
  deps: ResolvedContentDeps,
  query: { tenantId: string; locale: string },
): Promise<ForumCategory[]> {
  return readCategories(deps, query)
}
