import { keysetAfter } from '@rustok/core-db'
import { resolveDeps, type ContentDeps, type ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { IdSchema, LocaleSchema, parseInput } from '../internal/parse-input'
import type { ContentActor } from '../nodes/node-types'
import {
  loadCategoryTranslations,
  toCategory,
  toLocalizedCategory,
  treeOrder,
} from './category-rows'
import {
  categoryNotFound,
  createCategory,
  deleteCategory,
  patchCategory,
  type CategoryRef,
} from './category-writes'
import {
  ListCategoriesSchema,
  type CreateCategoryInput,
  type ListCategoriesInput,
  type PatchCategoryInput,
} from './taxonomy-schemas'
import type { Category, CategoryPage, LocalizedCategory } from './taxonomy-types'

/** Most categories a `tree` list returns (the shallowest ones when a tenant has more). */
const TREE_LIMIT = 1000

/**
 * The categories of every tenant: a tree (depth ≤ 7) with translations per locale, each with the
 * count of live nodes in it. A category is named by `{ tenantId, id }`: another tenant's id is
 * `NOT_FOUND`, as is a missing one.
 */
export interface CategoryService {
  /** Creates a category; slugs default to the slugified name (unique per tenant and locale). */
  create(tenantId: string, input: CreateCategoryInput, actor: ContentActor): Promise<Category>
  /** Patches a category: translations merge by locale; `parentId` moves it with its subtree. */
  patch(category: CategoryRef, input: PatchCategoryInput, actor: ContentActor): Promise<Category>
  /** Deletes a category without child categories; its nodes lose their category. */
  delete(category: CategoryRef, actor: ContentActor): Promise<void>
  /** A category with every translation. */
  get(category: CategoryRef): Promise<Category>
  /** A category in the reader's locale (fallback applied). */
  read(category: CategoryRef, options: { readonly locale: string }): Promise<LocalizedCategory>
  /** The tree depth first, or a keyset page of one level by position. Two queries. */
  list(tenantId: string, input?: ListCategoriesInput): Promise<CategoryPage>
}

async function loadRow(deps: ResolvedContentDeps, ref: CategoryRef) {
  const id = parseInput(IdSchema, ref.id, 'id')
  const row = await deps.db
    .selectFrom('content_categories')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw categoryNotFound(id)
  return row
}

async function getCategory(deps: ResolvedContentDeps, ref: CategoryRef): Promise<Category> {
  const row = await loadRow(deps, ref)
  const translations = await loadCategoryTranslations(deps.db, {
    tenantId: ref.tenantId,
    ids: [row.id],
  })
  return toCategory(row, translations)
}

async function listCategories(
  deps: ResolvedContentDeps,
  tenantId: string,
  rawInput: ListCategoriesInput,
): Promise<CategoryPage> {
  const input = parseInput(ListCategoriesSchema, rawInput)
  const after = input.after
  if (after && (input.order !== 'position' || !Number.isSafeInteger(after.value)))
    throw new ContentError('INVALID_INPUT', 'Not a cursor of this list', {
      errors: [{ path: 'after', message: 'does not belong to this order' }],
    })
  let query = deps.db.selectFrom('content_categories').selectAll().where('tenant_id', '=', tenantId)
  let rows
  let next: CategoryPage['next'] = null
  if (input.order === 'tree') {
    // Shallowest first, so a cut at the limit keeps whole upper levels of the tree.
    const all = await query
      .orderBy('depth')
      .orderBy('position')
      .orderBy('id')
      .limit(TREE_LIMIT)
      .execute()
    rows = treeOrder(all)
  } else {
    if (input.parentId !== undefined)
      query = query.where('parent_id', input.parentId === null ? 'is' : '=', input.parentId)
    const found = await query
      .where(
        keysetAfter({
          column: 'position',
          direction: input.direction,
          position: after && { value: after.value, id: after.id },
        }),
      )
      .orderBy('position', input.direction)
      .orderBy('id', input.direction)
      .limit(input.limit + 1)
      .execute()
    rows = found.slice(0, input.limit)
    const last = rows.at(-1)
    if (found.length > input.limit && last) next = { value: last.position, id: last.id }
  }
  const translations = await loadCategoryTranslations(deps.db, {
    tenantId,
    ids: rows.map((row) => row.id),
  })
  const candidates = await deps.locales(tenantId, input.locale)
  const reader = { locale: input.locale, candidates }
  return { items: rows.map((row) => toLocalizedCategory(row, translations, reader)), next }
}

/**
 * The category service over a database that has the content tables (the same deps as
 * `createNodeService`). Node writes keep each category's `nodeCount`.
 *
 * @example
 * ```ts
 * const categories = createCategoryService({ db, events: outbox })
 * const news = await categories.create(tenantId, { translations: [{ locale: 'en', name: 'News' }] }, actor)
 * news.translations[0]?.slug // 'news'
 * ```
 */
export function createCategoryService(options: ContentDeps): CategoryService {
  const deps = resolveDeps(options)
  const ref = (category: CategoryRef): CategoryRef => ({
    tenantId: category.tenantId,
    id: parseInput(IdSchema, category.id, 'id'),
  })
  return {
    async create(tenantId, input, actor) {
      const id = await createCategory(deps, { tenantId, actor }, input)
      return getCategory(deps, { tenantId, id })
    },
    async patch(category, input, actor) {
      const target = ref(category)
      await patchCategory(deps, { ...target, actor }, input)
      return getCategory(deps, target)
    },
    async delete(category, actor) {
      await deleteCategory(deps, { ...ref(category), actor })
    },
    get: (category) => getCategory(deps, category),
    async read(category, readOptions) {
      const locale = parseInput(LocaleSchema, readOptions.locale, 'locale')
      const row = await loadRow(deps, category)
      const translations = await loadCategoryTranslations(deps.db, {
        tenantId: category.tenantId,
        ids: [row.id],
      })
      const candidates = await deps.locales(category.tenantId, locale)
      return toLocalizedCategory(row, translations, { locale, candidates })
    },
    list: (tenantId, input = {}) => listCategories(deps, tenantId, input),
  }
}
