import { defineRoute, encodeCursor, pageSchema, requires, type Route } from '@rustok/http'
import type { ListNodesInput, NodeService, NodeTransition } from '../index'
import { contentActor, withInputPaths } from './content-request'
import {
  AdminNodeListQuery,
  CreateNodeBody,
  MoveNodeBody,
  NodeIdParams,
  NodeListItemSchema,
  NodeSchema,
  PatchNodeBody,
  RevisionParams,
  RevisionSchema,
  RevisionSummarySchema,
} from './content-schemas'
import { listFilters } from './list-filters'

const TAGS = ['content']
const NODE = { description: 'The node, with every translation and body', schema: NodeSchema }

const TRANSITIONS: readonly { name: NodeTransition; summary: string }[] = [
  { name: 'publish', summary: 'Publish a draft (draft → published)' },
  { name: 'unpublish', summary: 'Take a published node back to draft' },
  { name: 'archive', summary: 'Archive a published node' },
  { name: 'restore', summary: 'Restore an archived node to draft' },
]

/** The admin routes of content nodes: manage every node of the tenant (`nodes:*`). */
export function nodeAdminRoutes(nodes: NodeService): Route[] {
  const list = defineRoute({
    method: 'get',
    path: '/api/content/nodes',
    operationId: 'listContentNodes',
    summary: "The tenant's nodes, any status, a page at a time",
    description:
      'Filter by kind, status, author, category, tag, parent (`root` for top level) and published ' +
      'window; `q` matches part of a title in any locale; `deleted=true` lists the bin. Each ' +
      "item's translation is in `locale` (the tenant's fallback chain applies).",
    tags: TAGS,
    access: requires('nodes:list'),
    request: { query: AdminNodeListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(NodeListItemSchema) } },
    handler: async (c, { query }) => {
      const input: ListNodesInput = {
        ...listFilters(query, c.var.tenant.defaultLocale),
        ...(query.status ? { status: query.status } : {}),
        deleted: query.deleted ?? false,
      }
      const page = await withInputPaths('query', () =>
        nodes.list({ tenantId: c.var.tenantId }, input),
      )
      return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
    },
  })

  const create = defineRoute({
    method: 'post',
    path: '/api/content/nodes',
    operationId: 'createContentNode',
    summary: 'Create a node with its translations and bodies',
    description:
      'Slugs default to the transliterated title; a taken slug answers 409 naming it, or takes ' +
      'the next free `-2`, `-3` with `slugConflict: "suffix"`. HTML bodies are sanitised.',
    tags: TAGS,
    access: requires('nodes:create'),
    request: { body: CreateNodeBody },
    responses: { 201: { description: 'The new node', schema: NodeSchema } },
    handler: async (c, { body }) => {
      const node = await withInputPaths('body', () =>
        nodes.create(c.var.tenantId, body, contentActor(c, 'create')),
      )
      return c.json(node, 201)
    },
  })

  const get = defineRoute({
    method: 'get',
    path: '/api/content/nodes/:id',
    operationId: 'getContentNode',
    summary: 'One node with every translation and body',
    tags: TAGS,
    access: requires('nodes:read'),
    request: { params: NodeIdParams },
    responses: { 200: NODE },
    handler: async (c, { params }) =>
      c.json(await nodes.get({ tenantId: c.var.tenantId, id: params.id })),
  })

  const patch = defineRoute({
    method: 'patch',
    path: '/api/content/nodes/:id',
    operationId: 'patchContentNode',
    summary: 'Change a node; translations and bodies merge by locale',
    description:
      'A patch to one locale never drops another; `removeLocales` drops some on purpose. A ' +
      'changed slug keeps resolving (a 301 on the public slug route). `expectedRevision` guards ' +
      'against lost updates (409).',
    tags: TAGS,
    access: requires('nodes:update'),
    request: { params: NodeIdParams, body: PatchNodeBody },
    responses: { 200: NODE },
    handler: async (c, { params, body }) => {
      const node = await withInputPaths('body', () =>
        nodes.patch({ tenantId: c.var.tenantId, id: params.id }, body, contentActor(c, 'update')),
      )
      return c.json(node)
    },
  })

  const transitions = TRANSITIONS.map(({ name, summary }) =>
    defineRoute({
      method: 'post',
      path: `/api/content/nodes/:id/${name}`,
      operationId: `${name}ContentNode`,
      summary,
      description: 'Any other starting status answers 409 `INVALID_TRANSITION`.',
      tags: TAGS,
      access: requires('nodes:update'),
      request: { params: NodeIdParams },
      responses: { 200: NODE },
      handler: async (c, { params }) =>
        c.json(
          await nodes.transition(
            { tenantId: c.var.tenantId, id: params.id },
            name,
            contentActor(c, 'update'),
          ),
        ),
    }),
  )

  const move = defineRoute({
    method: 'post',
    path: '/api/content/nodes/:id/move',
    operationId: 'moveContentNode',
    summary: 'Move a node (and its subtree) under another parent, or to the root',
    tags: TAGS,
    access: requires('nodes:update'),
    request: { params: NodeIdParams, body: MoveNodeBody },
    responses: { 200: NODE },
    handler: async (c, { params, body }) => {
      const node = await withInputPaths('body', () =>
        nodes.move({ tenantId: c.var.tenantId, id: params.id }, body, contentActor(c, 'update')),
      )
      return c.json(node)
    },
  })

  const remove = defineRoute({
    method: 'delete',
    path: '/api/content/nodes/:id',
    operationId: 'deleteContentNode',
    summary: 'Move a node to the bin (soft delete)',
    description: 'A node with live children answers 409. Purge it from the bin to remove it.',
    tags: TAGS,
    access: requires('nodes:delete'),
    request: { params: NodeIdParams },
    responses: { 204: { description: 'In the bin' } },
    handler: async (c, { params }) => {
      await nodes.delete({ tenantId: c.var.tenantId, id: params.id }, contentActor(c, 'delete'))
      return c.body(null, 204)
    },
  })

  const purge = defineRoute({
    method: 'post',
    path: '/api/content/nodes/:id/purge',
    operationId: 'purgeContentNode',
    summary: 'Remove a node in the bin for good',
    description: '404 unless the node is in the bin.',
    tags: TAGS,
    access: requires('nodes:delete'),
    request: { params: NodeIdParams },
    responses: { 204: { description: 'Removed' } },
    handler: async (c, { params }) => {
      await nodes.purge({ tenantId: c.var.tenantId, id: params.id }, contentActor(c, 'delete'))
      return c.body(null, 204)
    },
  })

  return [list, create, get, patch, ...transitions, move, remove, purge, ...revisionRoutes(nodes)]
}

function revisionRoutes(nodes: NodeService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/content/nodes/:id/revisions',
      operationId: 'listContentRevisions',
      summary: "A node's kept revisions, newest first",
      tags: TAGS,
      access: requires('nodes:read'),
      request: { params: NodeIdParams },
      responses: {
        200: { description: 'The revisions', schema: pageSchema(RevisionSummarySchema) },
      },
      handler: async (c, { params }) => {
        const items = await nodes.revisions({ tenantId: c.var.tenantId, id: params.id })
        return c.json({ items, nextCursor: null })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/content/nodes/:id/revisions/:number',
      operationId: 'getContentRevision',
      summary: 'One revision: what the texts and metadata were after it',
      tags: TAGS,
      access: requires('nodes:read'),
      request: { params: RevisionParams },
      responses: { 200: { description: 'The revision', schema: RevisionSchema } },
      handler: async (c, { params }) =>
        c.json(await nodes.revision({ tenantId: c.var.tenantId, id: params.id }, params.number)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/content/nodes/:id/revisions/:number/restore',
      operationId: 'restoreContentRevision',
      summary: "Bring back a revision's texts and metadata, as a new revision",
      tags: TAGS,
      access: requires('nodes:update'),
      request: { params: RevisionParams },
      responses: { 200: NODE },
      handler: async (c, { params }) =>
        c.json(
          await nodes.restoreRevision(
            { tenantId: c.var.tenantId, id: params.id },
            params.number,
            contentActor(c, 'update'),
          ),
        ),
    }),
  ]
}
