import { sql, type Kysely } from 'kysely'
import { ContentError } from '../content-error'
import type { ContentTables } from '../content-tables'

/** The deepest a node may sit in the tree (a root is at depth 0). */
export const MAX_NODE_DEPTH = 15

const invalid = (path: string, message: string): ContentError =>
  new ContentError('INVALID_INPUT', `${path} ${message}`, { errors: [{ path, message }] })

/**
 * The depth of the tenant's live node `parentId`, which a child is about to get. `INVALID_INPUT`
 * when there is no such node in the tenant (another tenant's id included) or the child would be
 * too deep.
 */
export async function parentDepth(
  trx: Kysely<ContentTables>,
  tenantId: string,
  parentId: string,
): Promise<number> {
  const parent = await trx
    .selectFrom('content_nodes')
    .select('depth')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', parentId)
    .where('deleted_at', 'is', null)
    // Shared lock: a purge or delete of the parent (FOR UPDATE) waits for this child, or this
    // child waits and then finds no parent — a clear answer either way, never a foreign-key 500.
    .forShare()
    .executeTakeFirst()
  if (!parent) throw invalid('parentId', 'is not a node of this tenant')
  if (parent.depth >= MAX_NODE_DEPTH)
    throw invalid('parentId', `is at the deepest level (${MAX_NODE_DEPTH})`)
  return parent.depth
}

/**
 * Keeps categories' node counts in step with a node leaving `from` and joining `to` (either may
 * be `null`), in the caller's transaction. `INVALID_INPUT` when `to` is not a category of the
 * tenant.
 */
export async function adjustCategoryCount(
  trx: Kysely<ContentTables>,
  tenantId: string,
  change: { readonly from: string | null; readonly to: string | null },
): Promise<void> {
  if (change.from === change.to) return
  if (change.to !== null) {
    const joined = await trx
      .updateTable('content_categories')
      .set((eb) => ({ node_count: eb('node_count', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', change.to)
      .returning('id')
      .executeTakeFirst()
    if (!joined) throw invalid('categoryId', 'is not a category of this tenant')
  }
  if (change.from !== null)
    await trx
      .updateTable('content_categories')
      .set((eb) => ({ node_count: sql<number>`greatest(${eb.ref('node_count')} - 1, 0)` }))
      .where('tenant_id', '=', tenantId)
      .where('id', '=', change.from)
      .execute()
}

/**
 * Whether `candidate` is `nodeId` itself or one of its descendants: moving a node under it would
 * make a cycle.
 */
export async function isInSubtree(
  trx: Kysely<ContentTables>,
  node: { readonly tenantId: string; readonly nodeId: string },
  candidate: string,
): Promise<boolean> {
  const { tenantId, nodeId } = node
  const found = await sql<{ id: string }>`
    with recursive subtree (id) as (
      select id from content_nodes where tenant_id = ${tenantId} and id = ${nodeId}
      union
      select n.id from content_nodes n join subtree s on n.parent_id = s.id
      where n.tenant_id = ${tenantId}
    )
    select id from subtree where id = ${candidate}`.execute(trx)
  return found.rows.length > 0
}

/**
 * Sets the depth of every node under `nodeId` from its own; `INVALID_INPUT` when one would be
 * deeper than {@link MAX_NODE_DEPTH}.
 */
export async function redepthSubtree(
  trx: Kysely<ContentTables>,
  tenantId: string,
  nodeId: string,
): Promise<void> {
  const subtree = sql`
    with recursive subtree (id, depth) as (
      select id, depth from content_nodes where tenant_id = ${tenantId} and id = ${nodeId}
      union all
      select n.id, s.depth + 1 from content_nodes n join subtree s on n.parent_id = s.id
      where n.tenant_id = ${tenantId}
    )`
  const deepest = await sql<{
    depth: number
  }>`${subtree} select max(depth)::int as depth from subtree`.execute(trx)
  if ((deepest.rows[0]?.depth ?? 0) > MAX_NODE_DEPTH)
    throw invalid('parentId', `would put a node below the deepest level (${MAX_NODE_DEPTH})`)
  await sql`${subtree}
    update content_nodes n set depth = s.depth
    from subtree s where n.tenant_id = ${tenantId} and n.id = s.id and n.depth <> s.depth`.execute(
    trx,
  )
}
