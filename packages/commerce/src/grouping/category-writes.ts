import { sql, type Kysely } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import {
  productCategoryCreated,
  productCategoryDeleted,
  productCategoryUpdated,
} from '../events/grouping-events'
import { parseInput } from '../internal/parse-input'
import {
  CreateProductCategorySchema,
  MAX_PRODUCT_CATEGORY_DEPTH,
  UpdateProductCategorySchema,
  type CategoryTranslationCommand,
  type CreateProductCategoryInput,
  type UpdateProductCategoryInput,
} from './grouping-schemas'
import { handleFrom, invalid } from './grouping-tx'

/** A product category of a tenant. */
export interface ProductCategoryRef {
  readonly tenantId: string
  readonly id: string
}

type Command = ProductCategoryRef & { readonly actor: CommerceActor }

/** The `NOT_FOUND` for category `id`. */
export const categoryNotFound = (id: string): CommerceError =>
  new CommerceError('NOT_FOUND', `Product category ${id} not found`)

/**
 * Serialises the tenant's tree changes that read the tree (creating under a parent, moving):
 * two moves that would close a cycle together cannot both pass their check.
 */
async function lockTree(trx: Kysely<CommerceTables>, tenantId: string): Promise<void> {
  const key = `commerce-category-tree:${tenantId}`
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx)
}

/** The depth of the tenant's category `parentId`; `INVALID_INPUT` if missing or at the bottom. */
async function parentDepth(
  trx: Kysely<CommerceTables>,
  tenantId: string,
  parentId: string,
): Promise<number> {
  const parent = await trx
    .selectFrom('commerce_categories')
    .select('depth')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', parentId)
    .executeTakeFirst()
  if (!parent) throw invalid('parentId', 'is not a product category of this tenant')
  if (parent.depth >= MAX_PRODUCT_CATEGORY_DEPTH)
    throw invalid('parentId', `is at the deepest level (${MAX_PRODUCT_CATEGORY_DEPTH})`)
  return parent.depth
}

/** Merges translations by locale: given fields change; a new locale needs a name. */
async function mergeTranslations(
  trx: Kysely<CommerceTables>,
  ref: ProductCategoryRef,
  patches: readonly CategoryTranslationCommand[],
): Promise<void> {
  const existing = await trx
    .selectFrom('commerce_category_translations')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('category_id', '=', ref.id)
    .execute()
  const rows = patches.map((patch, index) => {
    const before = existing.find((row) => row.locale === patch.locale)
    const name = patch.name ?? before?.name
    if (name === undefined)
      throw invalid(`translations.${index}.name`, 'is required for a new locale')
    return {
      tenant_id: ref.tenantId,
      category_id: ref.id,
      locale: patch.locale,
      name,
      handle: patch.handle ?? before?.handle ?? handleFrom(name, 'category'),
      description:
        patch.description !== undefined ? patch.description : (before?.description ?? null),
    }
  })
  await trx
    .insertInto('commerce_category_translations')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['category_id', 'locale']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        handle: eb.ref('excluded.handle'),
        description: eb.ref('excluded.description'),
      })),
    )
    .execute()
}

const handlePath =
  (translations: readonly CategoryTranslationCommand[] | undefined) =>
  (field: string, value: string): string => {
    const index = (translations ?? []).findIndex(
      (t) => (t.handle ?? handleFrom(t.name ?? '', 'category')) === value,
    )
    return field === 'handle' ? `translations.${Math.max(index, 0)}.handle` : field
  }

/** Creates a category under `parentId` (or at the root); emits `product_category.created`. */
export async function createProductCategory(
  deps: ResolvedCommerceDeps,
  by: { readonly tenantId: string; readonly actor: CommerceActor },
  rawInput: CreateProductCategoryInput,
): Promise<string> {
  const input = parseInput(CreateProductCategorySchema, rawInput)
  const id = deps.newId()
  const { tenantId } = by
  await writeCommerceChange(
    deps,
    { ...by, fieldOf: handlePath(input.translations) },
    async (trx, events) => {
      const at = deps.now()
      const parentId = input.parentId ?? null
      let depth = 0
      if (parentId !== null) {
        await lockTree(trx, tenantId)
        depth = (await parentDepth(trx, tenantId, parentId)) + 1
      }
      await trx
        .insertInto('commerce_categories')
        .values({
          id,
          tenant_id: tenantId,
          parent_id: parentId,
          position: input.position ?? 0,
          depth,
          is_active: input.isActive ?? true,
          is_internal: input.isInternal ?? false,
          metadata: JSON.stringify(input.metadata ?? {}),
          created_at: at,
          updated_at: at,
        })
        .execute()
      await mergeTranslations(trx, { tenantId, id }, input.translations)
      events.add(productCategoryCreated, { categoryId: id })
    },
  )
  return id
}

/**
 * Moves category `id` under `parentId` (`null`: the root) with its subtree, refusing a parent in
 * the subtree (a cycle) or a subtree that would sink below {@link MAX_PRODUCT_CATEGORY_DEPTH}.
 */
async function moveCategory(
  trx: Kysely<CommerceTables>,
  ref: ProductCategoryRef,
  parentId: string | null,
): Promise<void> {
  const { tenantId, id } = ref
  await lockTree(trx, tenantId)
  let depth = 0
  if (parentId !== null) {
    const cycle = await sql<{ id: string }>`
      with recursive subtree (id) as (
        select id from commerce_categories where tenant_id = ${tenantId} and id = ${id}
        union
        select c.id from commerce_categories c join subtree s on c.parent_id = s.id
        where c.tenant_id = ${tenantId}
      )
      select id from subtree where id = ${parentId}`.execute(trx)
    if (cycle.rows.length > 0) throw invalid('parentId', 'is the category itself or under it')
    depth = (await parentDepth(trx, tenantId, parentId)) + 1
  }
  const subtree = sql`
    with recursive subtree (id, depth) as (
      select ${id}::uuid, ${depth}::int
      union all
      select c.id, s.depth + 1 from commerce_categories c join subtree s on c.parent_id = s.id
      where c.tenant_id = ${tenantId}
    )`
  const deepest = await sql<{
    depth: number
  }>`${subtree} select max(depth)::int as depth from subtree`.execute(trx)
  if ((deepest.rows[0]?.depth ?? 0) > MAX_PRODUCT_CATEGORY_DEPTH)
    throw invalid(
      'parentId',
      `would put a category below the deepest level (${MAX_PRODUCT_CATEGORY_DEPTH})`,
    )
  await trx
    .updateTable('commerce_categories')
    .set({ parent_id: parentId })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute()
  await sql`${subtree}
    update commerce_categories c set depth = s.depth
    from subtree s where c.tenant_id = ${tenantId} and c.id = s.id and c.depth <> s.depth`.execute(
    trx,
  )
}

/** Updates a category: texts merge by locale, flags and position change, `parentId` moves it. */
export async function updateProductCategory(
  deps: ResolvedCommerceDeps,
  command: Command,
  rawInput: UpdateProductCategoryInput,
): Promise<void> {
  const input = parseInput(UpdateProductCategorySchema, rawInput)
  await writeCommerceChange(
    deps,
    { ...command, fieldOf: handlePath(input.translations) },
    async (trx, events) => {
      // A move takes the tree lock before the row's, in the order create and delete take them:
      // a move racing a delete of the same category then waits instead of deadlocking.
      if (input.parentId !== undefined) await lockTree(trx, command.tenantId)
      const row = await trx
        .updateTable('commerce_categories')
        .set({
          updated_at: deps.now(),
          ...(input.position === undefined ? {} : { position: input.position }),
          ...(input.isActive === undefined ? {} : { is_active: input.isActive }),
          ...(input.isInternal === undefined ? {} : { is_internal: input.isInternal }),
          ...(input.metadata ? { metadata: JSON.stringify(input.metadata) } : {}),
        })
        .where('tenant_id', '=', command.tenantId)
        .where('id', '=', command.id)
        .returning('parent_id')
        .executeTakeFirst()
      if (!row) throw categoryNotFound(command.id)
      if (input.parentId !== undefined && input.parentId !== row.parent_id)
        await moveCategory(trx, command, input.parentId)
      if (input.translations) await mergeTranslations(trx, command, input.translations)
      events.add(productCategoryUpdated, { categoryId: command.id })
    },
  )
}

/**
 * Deletes a category without children (its products stay, unlinked); `CONFLICT` while it has
 * children, so a subtree never disappears by accident.
 */
export async function deleteProductCategory(
  deps: ResolvedCommerceDeps,
  command: Command,
): Promise<void> {
  await writeCommerceChange(deps, command, async (trx, events) => {
    await lockTree(trx, command.tenantId)
    const child = await trx
      .selectFrom('commerce_categories')
      .select('id')
      .where('tenant_id', '=', command.tenantId)
      .where('parent_id', '=', command.id)
      .limit(1)
      .executeTakeFirst()
    if (child)
      throw new CommerceError(
        'CONFLICT',
        'A category with children cannot be deleted: move or delete its children first',
      )
    const removed = await trx
      .deleteFrom('commerce_categories')
      .where('tenant_id', '=', command.tenantId)
      .where('id', '=', command.id)
      .returning('id')
      .executeTakeFirst()
    if (!removed) throw categoryNotFound(command.id)
    events.add(productCategoryDeleted, { categoryId: command.id })
  })
}
