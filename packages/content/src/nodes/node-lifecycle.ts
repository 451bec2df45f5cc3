import { sql } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { NodeStatus } from '../content-tables'
import { nodeDeleted, nodePublished, nodeUnpublished } from '../events/node-events'
import { nodeArchived, nodeMoved, nodePurged, nodeRestored } from '../events/node-lifecycle-events'
import { parseInput } from '../internal/parse-input'
import { adjustCategoryCount, isInSubtree, parentDepth, redepthSubtree } from './node-links'
import { MoveNodeSchema, type MoveNodeInput } from './node-schemas'
import { NODE_TRANSITIONS, type NodeTransition } from './node-status'
import { assertMayChange, lockNode, notFound, writeChange, type NodeCommand } from './node-tx'

const TRANSITION_EVENTS = {
  publish: nodePublished,
  unpublish: nodeUnpublished,
  archive: nodeArchived,
  restore: nodeRestored,
} as const

/**
 * Applies `transition` to a node. The database decides: the update only matches a row in one of
 * the statuses the transition leaves, so of two racing requests one wins and the other gets
 * `INVALID_TRANSITION` (409), never a second event.
 */
export async function transitionNode(
  deps: ResolvedContentDeps,
  command: NodeCommand,
  transition: NodeTransition,
): Promise<void> {
  const { tenantId, id, actor } = command
  const rule = NODE_TRANSITIONS[transition]
  await writeChange(deps, { tenantId, actor }, async (trx, events) => {
    const node = await trx
      .selectFrom('content_nodes')
      .select(['author_id', 'status', 'kind'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (!node) throw notFound(id)
    assertMayChange(node, actor)
    const at = deps.now()
    const changed = await trx
      .updateTable('content_nodes')
      .set({
        status: rule.to,
        updated_at: at,
        ...(transition === 'publish' ? { published_at: at, publish_at: null } : {}),
        ...(transition === 'unpublish' ? { published_at: null, unpublish_at: null } : {}),
        ...(transition === 'archive' ? { unpublish_at: null } : {}),
        ...(transition === 'restore' ? { published_at: null } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .where('status', 'in', rule.from as readonly NodeStatus[])
      .returning('status')
      .executeTakeFirst()
    if (!changed) {
      const now = await trx
        .selectFrom('content_nodes')
        .select('status')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
      throw new ContentError(
        'INVALID_TRANSITION',
        `Cannot ${transition} a node that is ${now?.status ?? 'gone'}; ${transition} leaves ${rule.from.join(' or ')}`,
      )
    }
    events.add(TRANSITION_EVENTS[transition], { nodeId: id, kind: node.kind })
  })
}

/**
 * Soft-deletes a node: it disappears from reads and lists and can be purged later. A node with
 * live children is refused (`CONFLICT`): move or delete them first.
 */
export async function deleteNode(deps: ResolvedContentDeps, command: NodeCommand): Promise<void> {
  const { tenantId, id, actor } = command
  await writeChange(deps, { tenantId, actor }, async (trx, events) => {
    const node = await lockNode(trx, command)
    const child = await trx
      .selectFrom('content_nodes')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('parent_id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (child)
      throw new ContentError('CONFLICT', `Node ${id} has children: move or delete them first`)
    const at = deps.now()
    await trx
      .updateTable('content_nodes')
      .set({ deleted_at: at, updated_at: at, publish_at: null, unpublish_at: null })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
    await adjustCategoryCount(trx, tenantId, { from: node.category_id, to: null })
    events.add(nodeDeleted, { nodeId: id, kind: node.kind })
  })
}

/**
 * Removes a soft-deleted node for good, with its texts, revisions, slug history and tag links
 * (the tags' use counts go down). `NOT_FOUND` unless the node is in the bin; `CONFLICT` while it
 * still has children.
 */
export async function purgeNode(deps: ResolvedContentDeps, command: NodeCommand): Promise<void> {
  const { tenantId, id, actor } = command
  await writeChange(deps, { tenantId, actor }, async (trx, events) => {
    const node = await lockNode(trx, command, { deleted: true })
    const child = await trx
      .selectFrom('content_nodes')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('parent_id', '=', id)
      .executeTakeFirst()
    if (child) throw new ContentError('CONFLICT', `Node ${id} has children: purge them first`)
    await sql`
      update content_tags t set use_count = greatest(t.use_count - 1, 0)
      from content_node_tags nt
      where nt.tenant_id = ${tenantId} and nt.node_id = ${id}
        and t.tenant_id = nt.tenant_id and t.id = nt.tag_id`.execute(trx)
    await trx
      .deleteFrom('content_nodes')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
    events.add(nodePurged, { nodeId: id, kind: node.kind })
  })
}

/**
 * Moves a node under another parent (or to the root, `parentId: null`), keeping its subtree
 * under it. `INVALID_INPUT` for a parent of another tenant, a parent inside the node's own
 * subtree (a cycle), or a tree deeper than allowed.
 */
export async function moveNode(
  deps: ResolvedContentDeps,
  command: NodeCommand,
  rawInput: MoveNodeInput,
): Promise<void> {
  const { tenantId, id, actor } = command
  const input = parseInput(MoveNodeSchema, rawInput)
  await writeChange(deps, { tenantId, actor }, async (trx, events) => {
    const node = await lockNode(trx, command)
    let depth = 0
    if (input.parentId !== null) {
      if (await isInSubtree(trx, { tenantId, nodeId: id }, input.parentId))
        throw new ContentError('INVALID_INPUT', 'A node cannot move under itself', {
          errors: [{ path: 'parentId', message: 'is the node itself or one of its descendants' }],
        })
      depth = (await parentDepth(trx, tenantId, input.parentId)) + 1
    }
    await trx
      .updateTable('content_nodes')
      .set({
        parent_id: input.parentId,
        depth,
        updated_at: deps.now(),
        ...(input.position !== undefined ? { position: input.position } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
    await redepthSubtree(trx, tenantId, id)
    events.add(nodeMoved, { nodeId: id, kind: node.kind, parentId: input.parentId })
  })
}
