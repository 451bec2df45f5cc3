import { sql, type Kysely } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { ContentTables } from '../content-tables'
import { categoryCreated, categoryDeleted, categoryUpdated } from '../events/category-events'
import { parseInput } from '../internal/parse-input'
import { slugFromTitle } from '../nodes/slugs'
import type { ContentActor } from '../nodes/node-types'
import type { CategoryRow } from './category-rows'
import { assertSlugsFree, lockCategoryTree, writeTerm } from './taxonomy-tx'
import {
  CreateCategorySchema,
  MAX_CATEGORY_DEPTH,
  PatchCategorySchema,
  type CategoryTranslationCommand,
  type CreateCategoryInput,
  type PatchCategoryInput,
} from './taxonomy-schemas'

/** A category of a tenant. */
export interface CategoryRef {
  readonly tenantId: string
  readonly id: string
}

/** A change to a category, by an actor. */
interface CategoryCommand extends CategoryRef {
  readonly actor: ContentActor
}

const invalid = (path: string, message: string): ContentError =>
  new ContentError('INVALID_INPUT', `${path} ${message}`, { errors: [{ path, message }] })

/** The `NOT_FOUND` for category `id`. */
export function categoryNotFound(id: string): ContentError {
  return new ContentError('NOT_FOUND', `Category ${id} not found`)
}

/** Loads the tenant's category `id` for a change, locking its row; `NOT_FOUND` otherwise. */
async function lockCategory(trx: Kysely<ContentTables>, ref: CategoryRef): Promise<CategoryRow> {
  const row = await trx
    .selectFrom('content_categories')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw categoryNotFound(ref.id)
  return row
}

/** The depth of the tenant's category `parentId`; `INVALID_INPUT` if missing or at the bottom. */
async function parentDepth(
  trx: Kysely<ContentTables>,
  tenantId: string,
  parentId: string,
): Promise<number> {
  const parent = await trx
    .selectFrom('content_categories')
    .select('depth')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', parentId)
    .executeTakeFirst()
  if (!parent) throw invalid('parentId', 'is not a category of this tenant')
  if (parent.depth >= MAX_CATEGORY_DEPTH)
    throw invalid('parentId', `is at the deepest level (${MAX_CATEGORY_DEPTH})`)
  return parent.depth
}

/** Creates a category with its translations; emits `category.created`. Returns its id. */
export async function createCategory(
  deps: ResolvedContentDeps,
  by: { readonly tenantId: string; readonly actor: ContentActor },
  rawInput: CreateCategoryInput,
): Promise<string> {
  const { tenantId, actor } = by
  const input = parseInput(CreateCategorySchema, rawInput)
  const id = deps.newId()
  await writeTerm(deps, { tenantId, actor, kind: 'category' }, async (trx, events) => {
    const at = deps.now()
    let depth = 0
    if (input.parentId !== null) {
      await lockCategoryTree(trx, tenantId)
      depth = (await parentDepth(trx, tenantId, input.parentId)) + 1
    }
    await trx
      .insertInto('content_categories')
      .values({
        id,
        tenant_id: tenantId,
        parent_id: input.parentId,
        position: input.position,
        depth,
        created_at: at,
        updated_at: at,
      })
      .execute()
    const rows = input.translations.map((t) => ({
      tenant_id: tenantId,
      category_id: id,
      locale: t.locale,
      name: t.name,
      slug: t.slug ?? slugFromTitle(t.name, 'category'),
      description: t.description ?? null,
    }))
    await assertSlugsFree(
      trx,
      { kind: 'category', tenantId, id },
      rows.map((row, index) => ({ ...row, path: `translations.${index}.slug` })),
    )
    await trx.insertInto('content_category_translations').values(rows).execute()
    events.add(categoryCreated, { categoryId: id })
  })
  return id
}

/**
 * Moves `row` under `parentId` (`null`: the root) with its subtree, refusing a parent inside the
 * subtree (a cycle) or a subtree that would sink below {@link MAX_CATEGORY_DEPTH}.
 */
async function moveCategory(
  trx: Kysely<ContentTables>,
  row: CategoryRow,
  parentId: string | null,
): Promise<void> {
  const tenantId = row.tenant_id
  let depth = 0
  if (parentId !== null) {
    const cycle = await sql<{ id: string }>`
      with recursive subtree (id) as (
        select id from content_categories where tenant_id = ${tenantId} and id = ${row.id}
        union
        select c.id from content_categories c join subtree s on c.parent_id = s.id
        where c.tenant_id = ${tenantId}
      )
      select id from subtree where id = ${parentId}`.execute(trx)
    if (cycle.rows.length > 0) throw invalid('parentId', 'is the category itself or under it')
    depth = (await parentDepth(trx, tenantId, parentId)) + 1
  }
  const subtree = sql`
    with recursive subtree (id, depth) as (
      select ${row.id}::uuid, ${depth}::int
      union all
      select c.id, s.depth + 1 from content_categories c join subtree s on c.parent_id = s.id
      where c.tenant_id = ${tenantId}
    )`
  const deepest = await sql<{
    depth: number
  }>`${subtree} select max(depth)::int as depth from subtree`.execute(trx)
  if ((deepest.rows[0]?.depth ?? 0) > MAX_CATEGORY_DEPTH)
    throw invalid(
      'parentId',
      `would put a category below the deepest level (${MAX_CATEGORY_DEPTH})`,
    )
  await trx
    .updateTable('content_categories')
    .set({ parent_id: parentId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', row.id)
    .execute()
  await sql`${subtree}
    update content_categories c set depth = s.depth
    from subtree s where c.tenant_id = ${tenantId} and c.id = s.id and c.depth <> s.depth`.execute(
    trx,
  )
}

/** Merges translations by locale: given fields change, a new locale needs a name. */
async function mergeTranslations(
  trx: Kysely<ContentTables>,
  category: CategoryRef,
  patches: readonly CategoryTranslationCommand[],
): Promise<void> {
  const { tenantId, id } = category
  const existing = await trx
    .selectFrom('content_category_translations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('category_id', '=', id)
    .execute()
  const rows = patches.map((patch, index) => {
    const before = existing.find((row) => row.locale === patch.locale)
    const name = patch.name ?? before?.name
    if (name === undefined)
      throw invalid(`translations.${index}.name`, 'is required for a new locale')
    return {
      tenant_id: tenantId,
      category_id: id,
      locale: patch.locale,
      name,
      // A renamed category keeps its slug unless a new one is given: links to it stay valid.
      slug: patch.slug ?? before?.slug ?? slugFromTitle(name, 'category'),
      description:
        patch.description !== undefined ? patch.description : (before?.description ?? null),
    }
  })
  await assertSlugsFree(
    trx,
    { kind: 'category', tenantId, id },
    rows.map((row, index) => ({ ...row, path: `translations.${index}.slug` })),
  )
  await trx
    .insertInto('content_category_translations')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['category_id', 'locale']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        slug: eb.ref('excluded.slug'),
        description: eb.ref('excluded.description'),
      })),
    )
    .execute()
}

/**
 * Patches a category: position, parent (a move with its subtree, no cycles, depth ≤ 7) and
 * translations merged by locale. Emits `category.updated`.
 */
export async function patchCategory(
  deps: ResolvedContentDeps,
  command: CategoryCommand,
  rawInput: PatchCategoryInput,
): Promise<void> {
  const { tenantId, id, actor } = command
  const input = parseInput(PatchCategorySchema, rawInput)
  await writeTerm(deps, { tenantId, actor, kind: 'category' }, async (trx, events) => {
    // The tree lock first, then the row, in the order a delete takes them (no deadlock).
    if (input.parentId !== undefined) await lockCategoryTree(trx, tenantId)
    const row = await lockCategory(trx, command)
    if (input.parentId !== undefined && input.parentId !== row.parent_id)
      await moveCategory(trx, row, input.parentId)
    if (input.translations) await mergeTranslations(trx, command, input.translations)
    await trx
      .updateTable('content_categories')
      .set({
        updated_at: deps.now(),
        ...(input.position === undefined ? {} : { position: input.position }),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
    events.add(categoryUpdated, { categoryId: id })
  })
}

/**
 * Deletes a category without child categories (`CONFLICT` otherwise); its nodes stay, with no
 * category (the foreign key sets their `category_id` to NULL). Emits `category.deleted`.
 */
export async function deleteCategory(
  deps: ResolvedContentDeps,
  command: CategoryCommand,
): Promise<void> {
  const { tenantId, id, actor } = command
  await writeTerm(deps, { tenantId, actor, kind: 'category' }, async (trx, events) => {
    await lockCategoryTree(trx, tenantId)
    await lockCategory(trx, command)
    const child = await trx
      .selectFrom('content_categories')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('parent_id', '=', id)
      .executeTakeFirst()
    if (child)
      throw new ContentError(
        'CONFLICT',
        `Category ${id} has child categories: move or delete them first`,
      )
    await trx
      .deleteFrom('content_categories')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
    events.add(categoryDeleted, { categoryId: id })
  })
}
