import type { Kysely } from 'kysely'
import { resolveDeps, type ContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { parseInput } from '../internal/parse-input'
import type { NodeRef } from '../nodes/node-tx'
import type { ContentActor, ContentNode, LocalizedNode, NodeListItem } from '../nodes/node-types'
import { createNodeService, type NodeService } from '../nodes/node-service'
import type { BlogTables } from './blog-tables'
import { loadPostExtras, type PostExtras } from './post-extras'
import { postBlogFields, type PostBlogFields } from './post-metadata'
import {
  ListPostsFiltersSchema,
  PostFieldsSchema,
  type CreatePostInput,
  type ListPostsInput,
  type PatchPostInput,
} from './post-schemas'

/** A post as editors see it: the node with every text, and its blog fields. */
export interface AdminPost extends ContentNode {
  readonly blog: PostBlogFields
}

/** A published post in the reader's locale, with what the blog adds. */
export type PublicPost = LocalizedNode & PostExtras

/** A post in a list, in the reader's locale, with what the blog adds. */
export type PostListItem = NodeListItem & PostExtras

/** One page of posts and where the next starts. */
export interface PostPage {
  readonly items: readonly PostListItem[]
  readonly next: { readonly value: string | number; readonly id: string } | null
}

/** Blog posts: content nodes of kind `post`; drafts, scheduling and revisions are the nodes'. */
export interface PostService {
  create(tenantId: string, input: CreatePostInput, actor: ContentActor): Promise<AdminPost>
  patch(post: NodeRef, input: PatchPostInput, actor: ContentActor): Promise<AdminPost>
  get(post: NodeRef): Promise<AdminPost>
  /** A published post by its slug in `locale` (an old slug sets `redirectTo`). */
  findBySlug(
    scope: { readonly tenantId: string; readonly format?: 'stored' | 'html' },
    query: { readonly locale: string; readonly slug: string },
  ): Promise<{ readonly post: PublicPost; readonly redirectTo: string | null }>
  /** Published posts, newest first. */
  list(tenantId: string, input: ListPostsInput): Promise<PostPage>
}

const KIND = 'post'

function withBlog(node: ContentNode): AdminPost {
  if (node.kind !== KIND) throw new ContentError('NOT_FOUND', `Post ${node.id} not found`)
  return { ...node, blog: postBlogFields(node.metadata) }
}

/**
 * Posts over the node service of the same database.
 *
 * @example
 * ```ts
 * const posts = createPostService({ db, events: outbox })
 * const post = await posts.create(tenantId, { translations: [{ locale: 'en', title: 'Hi' }] }, editor)
 * ```
 */
export function createPostService(
  options: ContentDeps & { readonly nodes?: NodeService },
): PostService {
  const deps = resolveDeps(options)
  const nodes = options.nodes ?? createNodeService(options)
  const db = deps.db as unknown as Kysely<BlogTables>

  /** `INVALID_INPUT` unless `id` is a media item of the tenant (checked before the write). */
  async function assertMedia(tenantId: string, id: string | null | undefined): Promise<void> {
    if (id === null || id === undefined) return
    const found = await db
      .selectFrom('content_media')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found)
      throw new ContentError('INVALID_INPUT', `No media ${id} in this tenant`, {
        errors: [{ path: 'featuredImageId', message: 'must be a media item of this tenant' }],
      })
  }

  const blogMetadata = (
    base: Readonly<Record<string, unknown>>,
    fields: { featuredImageId?: string | null; commentsEnabled?: boolean },
  ) => {
    const current = postBlogFields(base)
    return {
      ...base,
      blog: {
        featuredImageId:
          fields.featuredImageId === undefined ? current.featuredImageId : fields.featuredImageId,
        commentsEnabled: fields.commentsEnabled ?? current.commentsEnabled,
      },
    }
  }

  return {
    async create(tenantId, input, actor) {
      const { featuredImageId, commentsEnabled, ...node } = input
      const fields = parseInput(PostFieldsSchema, { featuredImageId, commentsEnabled })
      await assertMedia(tenantId, fields.featuredImageId)
      const created = await nodes.create(
        tenantId,
        { ...node, kind: KIND, metadata: blogMetadata(node.metadata ?? {}, fields) },
        actor,
      )
      return withBlog(created)
    },
    async patch(post, input, actor) {
      const { featuredImageId, commentsEnabled, ...patch } = input
      const fields = parseInput(PostFieldsSchema, { featuredImageId, commentsEnabled })
      const current = withBlog(await nodes.get(post))
      const touchesBlog =
        fields.featuredImageId !== undefined || fields.commentsEnabled !== undefined
      if (!touchesBlog) return withBlog(await nodes.patch(post, patch, actor))
      await assertMedia(post.tenantId, fields.featuredImageId)
      // The metadata is rewritten whole: the revision read guards against a concurrent change.
      const updated = await nodes.patch(
        post,
        {
          ...patch,
          metadata: blogMetadata(patch.metadata ?? current.metadata, fields),
          expectedRevision: patch.expectedRevision ?? current.revision,
        },
        actor,
      )
      return withBlog(updated)
    },
    get: async (post) => withBlog(await nodes.get(post)),
    async findBySlug(scope, query) {
      const match = await nodes.findBySlug(
        { tenantId: scope.tenantId, publishedOnly: true, format: scope.format ?? 'stored' },
        { kind: KIND, locale: query.locale, slug: query.slug },
      )
      const { node } = match
      const extras = await loadPostExtras(
        db,
        { tenantId: scope.tenantId, ids: [node.id] },
        () => node.body?.locale ?? null,
      )
      const post = { ...node, ...extras.get(node.id)! }
      return { post, redirectTo: match.redirectTo }
    },
    async list(tenantId, input) {
      const filters = parseInput(ListPostsFiltersSchema, {
        ...(input.locale === undefined ? {} : { locale: input.locale }),
        ...(input.categoryId === undefined ? {} : { categoryId: input.categoryId }),
        ...(input.tagId === undefined ? {} : { tagId: input.tagId }),
        ...(input.authorId === undefined ? {} : { authorId: input.authorId }),
      })
      const page = await nodes.list(
        { tenantId, publishedOnly: true },
        {
          ...filters,
          kind: KIND,
          sort: { field: 'publishedAt', direction: 'desc' },
          ...(input.limit === undefined ? {} : { limit: input.limit }),
          ...(input.after === undefined ? {} : { after: input.after }),
        },
      )
      const localeOf = new Map(page.items.map((item) => [item.id, item.translation?.locale]))
      const extras = await loadPostExtras(
        db,
        { tenantId, ids: page.items.map((item) => item.id) },
        (id) => localeOf.get(id) ?? null,
      )
      return {
        items: page.items.map((item) => ({ ...item, ...extras.get(item.id)! })),
        next: page.next,
      }
    },
  }
}
