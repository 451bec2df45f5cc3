import type { Kysely, Selectable } from 'kysely'
import type { ContentCategoriesTable, ContentTables } from '../content-tables'
import { pickLocale } from '../nodes/node-rows'
import type {
  Category,
  CategoryFields,
  CategoryTranslation,
  LocalizedCategory,
} from './taxonomy-types'

/** A `content_categories` row as read. */
export type CategoryRow = Selectable<ContentCategoriesTable>

/** The plain fields of a category row. */
function toCategoryFields(row: CategoryRow): CategoryFields {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    parentId: row.parent_id,
    position: row.position,
    depth: row.depth,
    nodeCount: row.node_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }
}

/** The translations of some categories of one tenant, by category id: one query. */
export async function loadCategoryTranslations(
  db: Kysely<ContentTables>,
  scope: { readonly tenantId: string; readonly ids: readonly string[] },
): Promise<Map<string, CategoryTranslation[]>> {
  const out = new Map<string, CategoryTranslation[]>()
  if (scope.ids.length === 0) return out
  const rows = await db
    .selectFrom('content_category_translations')
    .select(['category_id', 'locale', 'name', 'slug', 'description'])
    .where('tenant_id', '=', scope.tenantId)
    .where('category_id', 'in', scope.ids)
    .orderBy('locale')
    .execute()
  for (const { category_id, ...translation } of rows) {
    const list = out.get(category_id) ?? []
    list.push(translation)
    out.set(category_id, list)
  }
  return out
}

/** A category with every translation (admin). */
export function toCategory(
  row: CategoryRow,
  translations: ReadonlyMap<string, CategoryTranslation[]>,
): Category {
  return { ...toCategoryFields(row), translations: translations.get(row.id) ?? [] }
}

/** A category with its translation in the reader's locale (`candidates`: the fallback chain). */
export function toLocalizedCategory(
  row: CategoryRow,
  translations: ReadonlyMap<string, CategoryTranslation[]>,
  reader: { readonly locale: string; readonly candidates: readonly string[] },
): LocalizedCategory {
  return {
    ...toCategoryFields(row),
    translation: pickLocale(translations.get(row.id) ?? [], reader.locale, reader.candidates),
  }
}

/**
 * Orders categories depth first: each parent before its children, siblings by position then id.
 * A category whose parent is not among `rows` (a truncated tree) is left out with its subtree.
 */
export function treeOrder(rows: readonly CategoryRow[]): CategoryRow[] {
  const children = new Map<string | null, CategoryRow[]>()
  for (const row of rows) {
    const list = children.get(row.parent_id) ?? []
    list.push(row)
    children.set(row.parent_id, list)
  }
  for (const list of children.values())
    list.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
  const out: CategoryRow[] = []
  // An explicit stack: no recursion, whatever the input.
  const stack = [...(children.get(null) ?? [])].reverse()
  while (stack.length > 0) {
    const row = stack.pop() as CategoryRow
    out.push(row)
    stack.push(...[...(children.get(row.id) ?? [])].reverse())
  }
  return out
}
