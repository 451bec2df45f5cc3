import type { Kysely } from 'kysely'
import type { BodyFormat, ContentTables } from '../content-tables'

/** What a revision holds: the node's texts and metadata after the change. */
export interface RevisionSnapshot {
  readonly metadata: Readonly<Record<string, unknown>>
  readonly translations: readonly {
    readonly locale: string
    readonly title: string
    readonly slug: string
    readonly excerpt: string | null
  }[]
  readonly bodies: readonly {
    readonly locale: string
    readonly format: BodyFormat
    readonly body: string
  }[]
}

/** One revision of a node, as listed. */
export interface NodeRevisionSummary {
  readonly nodeId: string
  readonly number: number
  /** Who made the change; `null` for the system. */
  readonly actorId: string | null
  readonly reason: 'create' | 'update' | 'restore'
  readonly createdAt: string
}

/** One revision with what the node was after it. */
export interface NodeRevision extends NodeRevisionSummary {
  readonly snapshot: RevisionSnapshot
}

/** Reads the node's texts and metadata as they are now in `trx`. */
async function snapshotOf(
  trx: Kysely<ContentTables>,
  node: { readonly tenantId: string; readonly nodeId: string },
  metadata: Readonly<Record<string, unknown>>,
): Promise<RevisionSnapshot> {
  const { tenantId, nodeId } = node
  const translations = await trx
    .selectFrom('content_node_translations')
    .select(['locale', 'title', 'slug', 'excerpt'])
    .where('tenant_id', '=', tenantId)
    .where('node_id', '=', nodeId)
    .orderBy('locale')
    .execute()
  const bodies = await trx
    .selectFrom('content_bodies')
    .select(['locale', 'format', 'body'])
    .where('tenant_id', '=', tenantId)
    .where('node_id', '=', nodeId)
    .orderBy('locale')
    .execute()
  return { metadata, translations, bodies }
}

/**
 * Stores the node's state after a change as its next revision, and deletes the revisions beyond
 * the newest `kept`. Returns the new revision's number.
 */
export async function recordRevision(
  trx: Kysely<ContentTables>,
  revision: {
    readonly tenantId: string
    readonly nodeId: string
    readonly metadata: Readonly<Record<string, unknown>>
    readonly actorId: string | null
    readonly reason: NodeRevisionSummary['reason']
    readonly at: Date
    readonly kept: number
  },
): Promise<number> {
  const { tenantId, nodeId } = revision
  const snapshot = await snapshotOf(trx, { tenantId, nodeId }, revision.metadata)
  const node = await trx
    .updateTable('content_nodes')
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', nodeId)
    .returning('revision')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('content_revisions')
    .values({
      tenant_id: tenantId,
      node_id: nodeId,
      number: node.revision,
      actor_id: revision.actorId,
      reason: revision.reason,
      snapshot: JSON.stringify(snapshot),
      created_at: revision.at,
    })
    .execute()
  await trx
    .deleteFrom('content_revisions')
    .where('tenant_id', '=', tenantId)
    .where('node_id', '=', nodeId)
    .where('number', '<=', node.revision - revision.kept)
    .execute()
  return node.revision
}

const toSummary = (row: {
  node_id: string
  number: number
  actor_id: string | null
  reason: NodeRevisionSummary['reason']
  created_at: Date
}): NodeRevisionSummary => ({
  nodeId: row.node_id,
  number: row.number,
  actorId: row.actor_id,
  reason: row.reason,
  createdAt: row.created_at.toISOString(),
})

/** The revisions of a node, newest first (the kept ones). */
export async function listRevisions(
  db: Kysely<ContentTables>,
  node: { readonly tenantId: string; readonly id: string },
): Promise<NodeRevisionSummary[]> {
  const { tenantId, id: nodeId } = node
  const rows = await db
    .selectFrom('content_revisions')
    .select(['node_id', 'number', 'actor_id', 'reason', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('node_id', '=', nodeId)
    .orderBy('number', 'desc')
    .execute()
  return rows.map(toSummary)
}

/** One revision of a node with its snapshot, or `undefined`. */
export async function findRevision(
  db: Kysely<ContentTables>,
  node: { readonly tenantId: string; readonly id: string },
  number: number,
): Promise<NodeRevision | undefined> {
  const { tenantId, id: nodeId } = node
  const row = await db
    .selectFrom('content_revisions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('node_id', '=', nodeId)
    .where('number', '=', number)
    .executeTakeFirst()
  return row && { ...toSummary(row), snapshot: row.snapshot as RevisionSnapshot }
}
