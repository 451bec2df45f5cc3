import { resolveDeps, type ContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { deleteNode, moveNode, purgeNode, transitionNode } from './node-lifecycle'
import {
  findBySlug,
  getNode,
  listNodes,
  readNode,
  type LocalizedReadOptions,
  type NodePage,
  type SlugMatch,
  type SlugQuery,
  type SlugReadScope,
  type Visibility,
} from './node-reads'
import type { CreateNodeInput, ListNodesInput, MoveNodeInput, PatchNodeInput } from './node-schemas'
import { runSchedule, type ScheduleRun } from './node-schedule'
import type { NodeTransition } from './node-status'
import type { NodeRef } from './node-tx'
import type { ContentActor, ContentNode, LocalizedNode } from './node-types'
import { createNode, patchNode, restoreRevision } from './node-writes'
import {
  findRevision,
  listRevisions,
  type NodeRevision,
  type NodeRevisionSummary,
} from './revisions'

/**
 * Content nodes of every tenant: the service behind the admin and public content routes. A node
 * is named by `{ tenantId, id }`: another tenant's id is `NOT_FOUND`, as is a missing one.
 */
export interface NodeService {
  /** Creates a node (draft unless `status: 'published'`); returns it with every text. */
  create(tenantId: string, input: CreateNodeInput, actor: ContentActor): Promise<ContentNode>
  /** Patches a node; translations and bodies merge by locale. */
  patch(node: NodeRef, input: PatchNodeInput, actor: ContentActor): Promise<ContentNode>
  /** draft → published. */
  publish(node: NodeRef, actor: ContentActor): Promise<ContentNode>
  /** published → draft. */
  unpublish(node: NodeRef, actor: ContentActor): Promise<ContentNode>
  /** published → archived. */
  archive(node: NodeRef, actor: ContentActor): Promise<ContentNode>
  /** archived → draft. */
  restore(node: NodeRef, actor: ContentActor): Promise<ContentNode>
  /** Any of the four transitions by name. */
  transition(node: NodeRef, transition: NodeTransition, actor: ContentActor): Promise<ContentNode>
  /** Soft delete: into the bin. */
  delete(node: NodeRef, actor: ContentActor): Promise<void>
  /** Removes a node in the bin for good. */
  purge(node: NodeRef, actor: ContentActor): Promise<void>
  move(node: NodeRef, input: MoveNodeInput, actor: ContentActor): Promise<ContentNode>
  /** A node with every text; `deleted: true` reads one in the bin. */
  get(node: NodeRef, options?: { readonly deleted?: boolean }): Promise<ContentNode>
  /** A node in the reader's locale (fallback applied). */
  read(node: NodeRef, options: LocalizedReadOptions): Promise<LocalizedNode>
  /** A node by (kind, locale, slug), old slugs included (then `redirectTo` is set). */
  findBySlug(scope: SlugReadScope, query: SlugQuery): Promise<SlugMatch>
  list(scope: Visibility & { readonly tenantId: string }, input: ListNodesInput): Promise<NodePage>
  /** The node's kept revisions, newest first. */
  revisions(node: NodeRef): Promise<readonly NodeRevisionSummary[]>
  revision(node: NodeRef, number: number): Promise<NodeRevision>
  /** Brings back a revision's texts and metadata, as a new revision. */
  restoreRevision(node: NodeRef, number: number, actor: ContentActor): Promise<ContentNode>
  /** Publishes and unpublishes what is due (the worker's scheduled job). */
  runSchedule(options?: { readonly batch?: number }): Promise<ScheduleRun>
}

/**
 * The node service over a database that has the content tables.
 *
 * @example
 * ```ts
 * const nodes = createNodeService({ db, events: outbox })
 * const actor = { userId, scope: 'all' } as const
 * const post = await nodes.create(tenantId, { kind: 'post', translations: [{ locale: 'en', title: 'Hello' }] }, actor)
 * post.translations[0]?.slug // 'hello'
 * ```
 */
export function createNodeService(options: ContentDeps): NodeService {
  const deps = resolveDeps(options)
  const transition = async (
    node: NodeRef,
    name: NodeTransition,
    actor: ContentActor,
  ): Promise<ContentNode> => {
    await transitionNode(deps, { ...node, actor }, name)
    return getNode(deps, node)
  }
  return {
    async create(tenantId, input, actor) {
      const id = await createNode(deps, { tenantId, actor }, input)
      return getNode(deps, { tenantId, id })
    },
    async patch(node, input, actor) {
      await patchNode(deps, { ...node, actor }, input)
      return getNode(deps, node)
    },
    publish: (node, actor) => transition(node, 'publish', actor),
    unpublish: (node, actor) => transition(node, 'unpublish', actor),
    archive: (node, actor) => transition(node, 'archive', actor),
    restore: (node, actor) => transition(node, 'restore', actor),
    transition,
    delete: (node, actor) => deleteNode(deps, { ...node, actor }),
    purge: (node, actor) => purgeNode(deps, { ...node, actor }),
    async move(node, input, actor) {
      await moveNode(deps, { ...node, actor }, input)
      return getNode(deps, node)
    },
    get: (node, getOptions) => getNode(deps, node, getOptions),
    read: (node, readOptions) => readNode(deps, node, readOptions),
    findBySlug: (scope, query) => findBySlug(deps, scope, query),
    list: (scope, input) => listNodes(deps, scope, input),
    async revisions(node) {
      await getNode(deps, node)
      return listRevisions(deps.db, node)
    },
    async revision(node, number) {
      await getNode(deps, node)
      const found = await findRevision(deps.db, node, number)
      if (!found) throw new ContentError('NOT_FOUND', `Node ${node.id} has no revision ${number}`)
      return found
    },
    async restoreRevision(node, number, actor) {
      await restoreRevision(deps, { ...node, actor }, number)
      return getNode(deps, node)
    },
    runSchedule: (scheduleOptions) => runSchedule(deps, scheduleOptions),
  }
}
