import type { ResolvedCommerceDeps } from '../commerce-deps'
import type { CommerceCategoriesTable } from './grouping-tables'
import { groupBy, pickTranslation } from '../internal/pick-translation'
import { HandleSchema, IdSchema, LocaleSchema, parseInput } from '../internal/parse-input'
import { categoryNotFound, type ProductCategoryRef } from './category-writes'
import type { ProductCategory, ProductCategoryNode } from './grouping-types'

/** A category with every translation: two queries. */
export async function getProductCategory(
  deps: ResolvedCommerceDeps,
  ref: ProductCategoryRef,
): Promise<ProductCategory> {
  const id = parseInput(IdSchema, ref.id)
  const row = await deps.db
    .selectFrom('commerce_categories')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw categoryNotFound(id)
  const translations = await deps.db
    .selectFrom('commerce_category_translations')
    .select(['locale', 'name', 'handle', 'description'])
    .where('tenant_id', '=', ref.tenantId)
    .where('category_id', '=', id)
    .orderBy('locale')
    .execute()
  return {
    id: row.id,
    tenantId: row.tenant_id,
    parentId: row.parent_id,
    position: row.position,
    depth: row.depth,
    isActive: row.is_active,
    isInternal: row.is_internal,
    metadata: row.metadata,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    translations,
  }
}

type Row = Pick<
  CommerceCategoriesTable,
  'id' | 'parent_id' | 'position' | 'depth' | 'is_active' | 'is_internal'
>

/** Depth first: each parent before its children, siblings by position then id. */
function depthFirst<T extends Row>(rows: readonly T[]): T[] {
  const children = groupBy(rows, (row) => row.parent_id)
  for (const list of children.values())
    list.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
  const out: T[] = []
  const visit = (parentId: string | null): void => {
    for (const row of children.get(parentId) ?? []) {
      out.push(row)
      visit(row.id)
    }
  }
  visit(null)
  return out
}

/**
 * The tenant's category tree depth first, each in the reader's locale: two queries.
 * `storefront`: only active, non-internal categories whose ancestors are all shown too.
 */
export async function productCategoryTree(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly storefront?: boolean },
  rawLocale: string,
): Promise<ProductCategoryNode[]> {
  const locale = parseInput(LocaleSchema, rawLocale)
  const { tenantId } = scope
  const [rows, texts, candidates] = await Promise.all([
    deps.db
      .selectFrom('commerce_categories')
      .select(['id', 'parent_id', 'position', 'depth', 'is_active', 'is_internal'])
      .where('tenant_id', '=', tenantId)
      .execute(),
    deps.db
      .selectFrom('commerce_category_translations')
      .select(['category_id', 'locale', 'name', 'handle', 'description'])
      .where('tenant_id', '=', tenantId)
      .orderBy('locale')
      .execute(),
    deps.locales(tenantId, locale),
  ])
  const shown = new Set<string>()
  const ordered = depthFirst(rows).filter((row) => {
    const visible =
      scope.storefront !== true ||
      (row.is_active && !row.is_internal && (row.parent_id === null || shown.has(row.parent_id)))
    if (visible) shown.add(row.id)
    return visible
  })
  const textsBy = groupBy(texts, (t) => t.category_id)
  return ordered.map((row) => {
    const chosen = pickTranslation(candidates, textsBy.get(row.id) ?? [])
    return {
      id: row.id,
      parentId: row.parent_id,
      position: row.position,
      depth: row.depth,
      isActive: row.is_active,
      isInternal: row.is_internal,
      translation: chosen && {
        locale: chosen.locale,
        name: chosen.name,
        handle: chosen.handle,
        description: chosen.description,
      },
    }
  })
}

/**
 * The id of the category whose handle is `handle` in the reader's locales (fallback chain
 * order); `storefront` hides inactive and internal ones. `NOT_FOUND` otherwise.
 */
export async function productCategoryIdByHandle(
  deps: ResolvedCommerceDeps,
  scope: { readonly tenantId: string; readonly storefront?: boolean; readonly locale: string },
  rawHandle: string,
): Promise<string> {
  const handle = parseInput(HandleSchema, rawHandle)
  const candidates = await deps.locales(scope.tenantId, parseInput(LocaleSchema, scope.locale))
  let query = deps.db
    .selectFrom('commerce_category_translations as t')
    .innerJoin('commerce_categories as c', (join) =>
      join.onRef('c.id', '=', 't.category_id').onRef('c.tenant_id', '=', 't.tenant_id'),
    )
    .select(['t.category_id', 't.locale'])
    .where('t.tenant_id', '=', scope.tenantId)
    .where('t.handle', '=', handle)
  if (scope.storefront === true)
    query = query.where('c.is_active', '=', true).where('c.is_internal', '=', false)
  const match = pickTranslation(candidates, await query.execute())
  if (!match) throw categoryNotFound(handle)
  return match.category_id
}
