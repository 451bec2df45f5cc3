import {
  defineRoute,
  encodeCursor,
  pageSchema,
  PUBLIC,
  requires,
  type Cursor,
  type Route,
  type SortOrder,
} from '@rustok/http'
import type { CategoryService, ListCategoriesInput, ListTagsInput, TagService } from '../index'
import { contentActor, withInputPaths } from './content-request'
import {
  CategoryIdParams,
  CategoryListQuery,
  CategorySchema,
  CreateCategoryBody,
  CreateTagBody,
  LocaleQuery,
  LocalizedCategorySchema,
  LocalizedTagSchema,
  NodeTagParams,
  TagIdParams,
  TagListQuery,
  PatchCategoryBody,
  TagSchema,
} from './taxonomy-schemas'

const TAGS = ['content']
const CATEGORY = { description: 'The category, with every translation', schema: CategorySchema }
const TAG = { description: 'The tag, with every translation', schema: TagSchema }

const after = (cursor: Cursor | undefined) =>
  cursor ? { after: { value: cursor.value as string | number, id: cursor.id } } : {}

function categoryListInput(
  query: {
    readonly order?: 'tree' | 'position' | undefined
    readonly parentId?: string | undefined
    readonly locale?: string | undefined
    readonly limit: number
    readonly cursor?: Cursor | undefined
    readonly sort: SortOrder<'position'>
  },
  defaultLocale: string,
): ListCategoriesInput {
  return {
    order: query.order ?? 'tree',
    locale: query.locale ?? defaultLocale,
    limit: query.limit,
    direction: query.sort.direction,
    ...(query.parentId === undefined
      ? {}
      : { parentId: query.parentId === 'root' ? null : query.parentId }),
    ...after(query.cursor),
  }
}

function tagListInput(
  query: {
    readonly locale?: string | undefined
    readonly limit: number
    readonly cursor?: Cursor | undefined
    readonly sort: SortOrder<'useCount' | 'name'>
  },
  defaultLocale: string,
): ListTagsInput {
  return {
    sort: query.sort,
    locale: query.locale ?? defaultLocale,
    limit: query.limit,
    ...after(query.cursor),
  }
}

/** The admin routes of categories (`categories:*`). */
export function categoryAdminRoutes(categories: CategoryService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/content/categories',
      operationId: 'listContentCategories',
      summary: "The tenant's categories: the tree, or one level a page at a time",
      description:
        "Each item's translation is in `locale` (the tenant's fallback chain applies), with its " +
        'count of live nodes.',
      tags: TAGS,
      access: requires('categories:list'),
      request: { query: CategoryListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(LocalizedCategorySchema) } },
      handler: async (c, { query }) => {
        const page = await withInputPaths('query', () =>
          categories.list(c.var.tenantId, categoryListInput(query, c.var.tenant.defaultLocale)),
        )
        return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/content/categories',
      operationId: 'createContentCategory',
      summary: 'Create a category with its translations',
      description:
        'Slugs default to the transliterated name and are unique per locale: a taken one answers ' +
        '409 naming it. The parent must be a category of the tenant, at most 7 levels deep.',
      tags: TAGS,
      access: requires('categories:create'),
      request: { body: CreateCategoryBody },
      responses: { 201: { description: 'The new category', schema: CategorySchema } },
      handler: async (c, { body }) => {
        const category = await withInputPaths('body', () =>
          categories.create(c.var.tenantId, body, contentActor(c, 'create')),
        )
        return c.json(category, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/content/categories/:id',
      operationId: 'getContentCategory',
      summary: 'One category with every translation',
      tags: TAGS,
      access: requires('categories:read'),
      request: { params: CategoryIdParams },
      responses: { 200: CATEGORY },
      handler: async (c, { params }) =>
        c.json(await categories.get({ tenantId: c.var.tenantId, id: params.id })),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/content/categories/:id',
      operationId: 'patchContentCategory',
      summary: 'Change a category; translations merge by locale; parentId moves it',
      description:
        'A move takes the subtree along; a parent inside the subtree (a cycle) or a tree deeper ' +
        'than 7 levels answers 400.',
      tags: TAGS,
      access: requires('categories:update'),
      request: { params: CategoryIdParams, body: PatchCategoryBody },
      responses: { 200: CATEGORY },
      handler: async (c, { params, body }) => {
        const category = await withInputPaths('body', () =>
          categories.patch(
            { tenantId: c.var.tenantId, id: params.id },
            body,
            contentActor(c, 'update'),
          ),
        )
        return c.json(category)
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/content/categories/:id',
      operationId: 'deleteContentCategory',
      summary: 'Delete a category without child categories',
      description: 'Its nodes stay, without a category. A category with children answers 409.',
      tags: TAGS,
      access: requires('categories:delete'),
      request: { params: CategoryIdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async (c, { params }) => {
        await categories.delete(
          { tenantId: c.var.tenantId, id: params.id },
          contentActor(c, 'delete'),
        )
        return c.body(null, 204)
      },
    }),
  ]
}

/** The admin routes of tags (`categories:*`) and of tagging a node (`nodes:update`). */
export function tagAdminRoutes(tags: TagService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/content/tags',
      operationId: 'listContentTags',
      summary: "The tenant's tags, most used first or by name",
      description: "`sort=name` orders by the name in `locale` (the tenant's fallback chain).",
      tags: TAGS,
      access: requires('categories:list'),
      request: { query: TagListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(LocalizedTagSchema) } },
      handler: async (c, { query }) => {
        const page = await withInputPaths('query', () =>
          tags.list(c.var.tenantId, tagListInput(query, c.var.tenant.defaultLocale)),
        )
        return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/content/tags',
      operationId: 'createContentTag',
      summary: 'Create a tag with its translations',
      description: 'Slugs default to the transliterated name; a taken one answers 409 naming it.',
      tags: TAGS,
      access: requires('categories:create'),
      request: { body: CreateTagBody },
      responses: { 201: { description: 'The new tag', schema: TagSchema } },
      handler: async (c, { body }) => {
        const tag = await withInputPaths('body', () =>
          tags.create(c.var.tenantId, body, contentActor(c, 'create')),
        )
        return c.json(tag, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/content/tags/:tagId',
      operationId: 'getContentTag',
      summary: 'One tag with every translation',
      tags: TAGS,
      access: requires('categories:read'),
      request: { params: TagIdParams },
      responses: { 200: TAG },
      handler: async (c, { params }) =>
        c.json(await tags.get({ tenantId: c.var.tenantId, id: params.tagId })),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/content/tags/:tagId',
      operationId: 'deleteContentTag',
      summary: 'Delete a tag and take it off every node',
      tags: TAGS,
      access: requires('categories:delete'),
      request: { params: TagIdParams },
      responses: { 204: { description: 'Deleted' } },
      handler: async (c, { params }) => {
        await tags.delete({ tenantId: c.var.tenantId, id: params.tagId }, contentActor(c, 'delete'))
        return c.body(null, 204)
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/content/nodes/:id/tags/:tagId',
      operationId: 'attachContentTag',
      summary: 'Put a tag on a node (idempotent)',
      description: 'A node or tag of another tenant, or a deleted node, answers 404.',
      tags: TAGS,
      access: requires('nodes:update'),
      request: { params: NodeTagParams },
      responses: { 204: { description: 'The node carries the tag' } },
      handler: async (c, { params }) => {
        await tags.attach(
          { node: { tenantId: c.var.tenantId, id: params.id }, tagId: params.tagId },
          contentActor(c, 'update'),
        )
        return c.body(null, 204)
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/content/nodes/:id/tags/:tagId',
      operationId: 'detachContentTag',
      summary: 'Take a tag off a node (idempotent)',
      tags: TAGS,
      access: requires('nodes:update'),
      request: { params: NodeTagParams },
      responses: { 204: { description: 'The node does not carry the tag' } },
      handler: async (c, { params }) => {
        await tags.detach(
          { node: { tenantId: c.var.tenantId, id: params.id }, tagId: params.tagId },
          contentActor(c, 'update'),
        )
        return c.body(null, 204)
      },
    }),
  ]
}

/** What a website reads without a token: categories and tags in the reader's locale. */
export function taxonomyPublicRoutes(categories: CategoryService, tags: TagService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/public/content/categories',
      operationId: 'listPublicCategories',
      summary: 'Categories in the reader’s locale: the tree, or one level a page at a time',
      tags: TAGS,
      access: PUBLIC,
      request: { query: CategoryListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(LocalizedCategorySchema) } },
      handler: async (c, { query }) => {
        const page = await withInputPaths('query', () =>
          categories.list(c.var.tenantId, categoryListInput(query, c.var.tenant.defaultLocale)),
        )
        return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/content/categories/:id',
      operationId: 'readPublicCategory',
      summary: 'One category in the reader’s locale',
      tags: TAGS,
      access: PUBLIC,
      request: { params: CategoryIdParams, query: LocaleQuery },
      responses: { 200: { description: 'The category', schema: LocalizedCategorySchema } },
      handler: async (c, { params, query }) => {
        const category = await withInputPaths('query', () =>
          categories.read(
            { tenantId: c.var.tenantId, id: params.id },
            { locale: query.locale ?? c.var.tenant.defaultLocale },
          ),
        )
        return c.json(category)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/public/content/tags',
      operationId: 'listPublicTags',
      summary: 'Tags in the reader’s locale, most used first or by name',
      tags: TAGS,
      access: PUBLIC,
      request: { query: TagListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(LocalizedTagSchema) } },
      handler: async (c, { query }) => {
        const page = await withInputPaths('query', () =>
          tags.list(c.var.tenantId, tagListInput(query, c.var.tenant.defaultLocale)),
        )
        return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
      },
    }),
  ]
}
