import type { Kysely } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { ContentTables } from '../content-tables'
import { bodyUpdated } from '../events/body-events'
import {
  nodeCreated,
  nodePublished,
  nodeTranslationUpdated,
  nodeUpdated,
} from '../events/node-events'
import { parseInput } from '../internal/parse-input'
import { adjustCategoryCount, parentDepth } from './node-links'
import {
  CreateNodeSchema,
  PatchNodeSchema,
  type CreateNodeInput,
  type PatchNodeInput,
} from './node-schemas'
import { removeLocales, writeBodies, writeTranslations, type TextTarget } from './node-text-writes'
import { lockNode, writeChange, type NodeCommand, type PendingEvents } from './node-tx'
import type { ContentActor } from './node-types'
import { findRevision, recordRevision } from './revisions'

/** The author a new node gets: the caller, unless a caller with scope `all` names another. */
function authorOf(
  input: { readonly authorId?: string | null },
  actor: ContentActor,
): string | null {
  if (input.authorId === undefined) return actor.userId
  if (actor.scope !== 'all')
    throw new ContentError(
      'FORBIDDEN',
      'Only a caller who may change every node can set its author',
      {
        errors: [{ path: 'authorId', message: 'cannot be set with an own scope' }],
      },
    )
  return input.authorId
}

function textEvents(
  events: PendingEvents,
  node: { readonly id: string },
  changed: { readonly translations: readonly string[]; readonly bodies: readonly string[] },
): void {
  for (const locale of changed.translations)
    events.add(nodeTranslationUpdated, { nodeId: node.id, locale })
  for (const locale of changed.bodies) events.add(bodyUpdated, { nodeId: node.id, locale })
}

/** Creates a node with its translations and bodies, its first revision and `node.created`. */
export async function createNode(
  deps: ResolvedContentDeps,
  by: { readonly tenantId: string; readonly actor: ContentActor },
  rawInput: CreateNodeInput,
): Promise<string> {
  const { tenantId, actor } = by
  const input = parseInput(CreateNodeSchema, rawInput)
  const authorId = authorOf(input, actor)
  const id = deps.newId()
  await writeChange(deps, { tenantId, actor, slugs: input.slugConflict }, async (trx, events) => {
    const at = deps.now()
    const depth =
      input.parentId === null ? 0 : (await parentDepth(trx, tenantId, input.parentId)) + 1
    // The category's row is counted (and so locked) before the node points at it: a delete of
    // the category racing this create waits, or makes this a clear INVALID_INPUT, never a 500.
    await adjustCategoryCount(trx, tenantId, { from: null, to: input.categoryId })
    await trx
      .insertInto('content_nodes')
      .values({
        id,
        tenant_id: tenantId,
        kind: input.kind,
        parent_id: input.parentId,
        depth,
        author_id: authorId,
        category_id: input.categoryId,
        status: input.status,
        position: input.position,
        metadata: JSON.stringify(input.metadata),
        created_at: at,
        updated_at: at,
        published_at: input.status === 'published' ? at : null,
        publish_at: input.status === 'published' ? null : input.publishAt,
        unpublish_at: input.unpublishAt,
        deleted_at: null,
      })
      .execute()
    const target: TextTarget = {
      tenantId,
      nodeId: id,
      kind: input.kind,
      at,
      slugMode: input.slugConflict,
    }
    await writeTranslations(trx, target, input.translations)
    await writeBodies(trx, target, input.bodies)
    await recordRevision(trx, {
      tenantId,
      nodeId: id,
      metadata: input.metadata,
      actorId: actor.userId,
      reason: 'create',
      at,
      kept: deps.revisionsKept,
    })
    events.add(nodeCreated, { nodeId: id, kind: input.kind, ...(authorId ? { authorId } : {}) })
    if (input.status === 'published') events.add(nodePublished, { nodeId: id, kind: input.kind })
  })
  return id
}

/**
 * Patches a node: fields present in the input change, translations and bodies merge by locale.
 * A change of texts or metadata stores a revision. Emits `node.updated`, and
 * `node.translation.updated` / `body.updated` per changed locale.
 */
export async function patchNode(
  deps: ResolvedContentDeps,
  command: NodeCommand,
  rawInput: PatchNodeInput,
): Promise<void> {
  const { tenantId, id, actor } = command
  const input = parseInput(PatchNodeSchema, rawInput)
  await writeChange(deps, { tenantId, actor, slugs: input.slugConflict }, async (trx, events) => {
    const node = await lockNode(trx, command)
    if (input.expectedRevision !== undefined && input.expectedRevision !== node.revision)
      throw new ContentError(
        'CONFLICT',
        `The node changed since revision ${input.expectedRevision} (now ${node.revision})`,
        { errors: [{ path: 'expectedRevision', message: `is ${node.revision} now` }] },
      )
    if (input.authorId !== undefined) authorOf(input, actor)
    const at = deps.now()
    const target: TextTarget = {
      tenantId,
      nodeId: id,
      kind: node.kind,
      at,
      slugMode: input.slugConflict,
    }
    const removed = await removeLocales(trx, target, input.removeLocales ?? [])
    const translations = await writeTranslations(trx, target, input.translations ?? [])
    const bodies = await writeBodies(trx, target, input.bodies ?? [])
    const metadataChanged =
      input.metadata !== undefined &&
      JSON.stringify(input.metadata) !== JSON.stringify(node.metadata)
    const textsChanged = removed.length + translations.length + bodies.length > 0 || metadataChanged
    if (input.categoryId !== undefined && input.categoryId !== node.category_id)
      await adjustCategoryCount(trx, tenantId, { from: node.category_id, to: input.categoryId })
    await trx
      .updateTable('content_nodes')
      .set({
        updated_at: at,
        ...(input.categoryId !== undefined ? { category_id: input.categoryId } : {}),
        ...(input.authorId !== undefined ? { author_id: input.authorId } : {}),
        ...(input.position !== undefined ? { position: input.position } : {}),
        ...(metadataChanged ? { metadata: JSON.stringify(input.metadata) } : {}),
        ...(input.publishAt !== undefined ? { publish_at: input.publishAt } : {}),
        ...(input.unpublishAt !== undefined ? { unpublish_at: input.unpublishAt } : {}),
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
    if (textsChanged)
      await recordRevision(trx, {
        tenantId,
        nodeId: id,
        metadata: input.metadata ?? node.metadata,
        actorId: actor.userId,
        reason: 'update',
        at,
        kept: deps.revisionsKept,
      })
    events.add(nodeUpdated, { nodeId: id, kind: node.kind })
    textEvents(events, node, { translations: [...removed, ...translations], bodies })
  })
}

/**
 * Brings back exactly the texts and metadata of revision `number`: locales added since are
 * removed, the others rewritten. The restore is itself a new revision (reason `restore`).
 */
export async function restoreRevision(
  deps: ResolvedContentDeps,
  command: NodeCommand,
  number: number,
): Promise<void> {
  const { tenantId, id, actor } = command
  await writeChange(deps, { tenantId, actor }, async (trx, events) => {
    const node = await lockNode(trx, command)
    const revision = await findRevision(trx, { tenantId, id }, number)
    if (!revision) throw new ContentError('NOT_FOUND', `Node ${id} has no revision ${number}`)
    const { snapshot } = revision
    const at = deps.now()
    const target: TextTarget = { tenantId, nodeId: id, kind: node.kind, at, slugMode: 'error' }
    const keep = new Set(snapshot.translations.map((t) => t.locale))
    const current = await localesOf(trx, tenantId, id)
    const translations = await writeTranslations(trx, target, snapshot.translations)
    const removed = await removeLocales(
      trx,
      target,
      current.translations.filter((l) => !keep.has(l)),
    )
    const bodyLocales = new Set(snapshot.bodies.map((b) => b.locale))
    const droppedBodies = current.bodies.filter((l) => !bodyLocales.has(l) && keep.has(l))
    if (droppedBodies.length > 0)
      await trx
        .deleteFrom('content_bodies')
        .where('tenant_id', '=', tenantId)
        .where('node_id', '=', id)
        .where('locale', 'in', droppedBodies)
        .execute()
    const bodies = await writeBodies(trx, target, snapshot.bodies)
    await trx
      .updateTable('content_nodes')
      .set({ updated_at: at, metadata: JSON.stringify(snapshot.metadata) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute()
    await recordRevision(trx, {
      tenantId,
      nodeId: id,
      metadata: snapshot.metadata,
      actorId: actor.userId,
      reason: 'restore',
      at,
      kept: deps.revisionsKept,
    })
    events.add(nodeUpdated, { nodeId: id, kind: node.kind })
    textEvents(events, node, {
      translations: [...removed, ...translations],
      bodies: [...droppedBodies, ...bodies],
    })
  })
}

async function localesOf(
  trx: Kysely<ContentTables>,
  tenantId: string,
  id: string,
): Promise<{ translations: string[]; bodies: string[] }> {
  const translations = await trx
    .selectFrom('content_node_translations')
    .select('locale')
    .where('tenant_id', '=', tenantId)
    .where('node_id', '=', id)
    .execute()
  const bodies = await trx
    .selectFrom('content_bodies')
    .select('locale')
    .where('tenant_id', '=', tenantId)
    .where('node_id', '=', id)
    .execute()
  return { translations: translations.map((r) => r.locale), bodies: bodies.map((r) => r.locale) }
}
