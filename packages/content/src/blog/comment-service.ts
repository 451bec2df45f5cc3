import { exactTimestamp, isExactInstant, keysetAfter } from '@rustok/core-db'
import { sql, type Kysely, type Selectable } from 'kysely'
import { resolveDeps, type ContentDeps, type ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { IdSchema, parseInput } from '../internal/parse-input'
import { writeChange } from '../nodes/node-tx'
import type { ContentActor } from '../nodes/node-types'
import type { NodeRef } from '../nodes/node-tx'
import {
  commentApproved,
  commentCreated,
  commentDeleted,
  commentMarkedSpam,
  commentRejected,
} from './blog-events'
import { MAX_COMMENT_DEPTH } from './blog-migration'
import type { BlogCommentsTable, BlogTables } from './blog-tables'
import {
  CreateCommentSchema,
  ListCommentsSchema,
  ModerationQueueSchema,
  type CreateCommentInput,
  type ListCommentsInput,
  type ModerationQueueInput,
} from './comment-schemas'
import {
  countDelta,
  nextCommentStatus,
  type CommentStatus,
  type CommentTransition,
} from './comment-status'
import type { BlogComment, CommentCounts, CommentPage, CommentRef } from './comment-types'
import { commentsOpen } from './post-metadata'

/** What the comment service needs: the content deps and the tenant's moderation setting. */
export interface CommentServiceDeps extends ContentDeps {
  /** Whether a tenant's new comments wait for a moderator (`pending`). Default: they do. */
  readonly requiresApproval?: (tenantId: string) => Promise<boolean>
}

/** Who posts a comment: a signed-in user (guests may not comment, see the README). */
export interface CommentAuthor extends Omit<ContentActor, 'userId' | 'scope'> {
  readonly userId: string
}

/** Comments on blog posts, their moderation and the posts' counters. */
export interface CommentService {
  /** Posts a comment (or a reply) on a published post; `pending` or `approved` by the tenant's setting. */
  create(post: NodeRef, input: CreateCommentInput, author: CommentAuthor): Promise<BlogComment>
  /** A moderation decision; `INVALID_TRANSITION` (409) when the status does not allow it or moved. */
  moderate(
    comment: CommentRef,
    transition: CommentTransition,
    actor: ContentActor,
  ): Promise<BlogComment>
  /** Deletes a comment and every reply under it; returns how many went. */
  delete(comment: CommentRef, actor: ContentActor): Promise<{ readonly removed: number }>
  /** One comment, any status (moderators). */
  get(comment: CommentRef): Promise<BlogComment>
  /** The approved comments of a published post, oldest first. */
  listApproved(post: NodeRef, input?: ListCommentsInput): Promise<CommentPage>
  /** The moderation queue: comments of a status (default `pending`), oldest first. */
  queue(tenantId: string, input?: ModerationQueueInput): Promise<CommentPage>
  /** A post's counters as stored. */
  counts(post: NodeRef): Promise<CommentCounts>
}

type Db = Kysely<BlogTables>
type CommentRow = Selectable<BlogCommentsTable>

const EVENT_OF = {
  approve: commentApproved,
  reject: commentRejected,
  spam: commentMarkedSpam,
} as const

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

function toComment(row: CommentRow): BlogComment {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    postId: row.post_id,
    parentId: row.parent_id,
    depth: row.depth,
    authorId: row.author_id,
    body: row.body,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    moderatedAt: iso(row.moderated_at),
    moderatedBy: row.moderated_by,
  }
}

const commentNotFound = (id: string): ContentError =>
  new ContentError('NOT_FOUND', `Comment ${id} not found`)

/** Moves a post's counters by `delta`, creating its row on first use; locks the row till commit. */
async function bumpCounts(
  trx: Db,
  post: NodeRef,
  delta: { readonly approved: number; readonly pending: number },
): Promise<void> {
  await trx
    .insertInto('content_blog_post_counts')
    .values({
      tenant_id: post.tenantId,
      post_id: post.id,
      approved_comments: Math.max(delta.approved, 0),
      pending_comments: Math.max(delta.pending, 0),
    })
    .onConflict((oc) =>
      oc.column('post_id').doUpdateSet({
        approved_comments: sql`content_blog_post_counts.approved_comments + ${delta.approved}`,
        pending_comments: sql`content_blog_post_counts.pending_comments + ${delta.pending}`,
      }),
    )
    .execute()
}

/**
 * Every write to a post's comments takes its counters row first (`bumpCounts`, or a lock), so
 * writes to one post are serialised in one order: no deadlock, and a delete never misses a reply
 * posted while it ran.
 */
async function lockCounts(trx: Db, post: NodeRef): Promise<void> {
  await bumpCounts(trx, post, { approved: 0, pending: 0 })
}

async function loadComment(db: Db, ref: CommentRef): Promise<CommentRow> {
  const id = parseInput(IdSchema, ref.id, 'id')
  const row = await db
    .selectFrom('content_blog_comments')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw commentNotFound(id)
  return row
}

async function createComment(
  deps: ResolvedContentDeps & { readonly requiresApproval: (t: string) => Promise<boolean> },
  post: NodeRef,
  change: { readonly input: CreateCommentInput; readonly author: CommentAuthor },
): Promise<BlogComment> {
  const postId = parseInput(IdSchema, post.id, 'postId')
  const input = parseInput(CreateCommentSchema, change.input)
  const ref = { tenantId: post.tenantId, id: postId }
  const status: 'pending' | 'approved' = (await deps.requiresApproval(post.tenantId))
    ? 'pending'
    : 'approved'
  const actor: ContentActor = { ...change.author, scope: 'own' }
  return writeChange(deps, { tenantId: post.tenantId, actor }, async (contentTrx, events) => {
    const trx = contentTrx as unknown as Db
    const node = await trx
      .selectFrom('content_nodes')
      .select(['id', 'metadata'])
      .where('tenant_id', '=', post.tenantId)
      .where('id', '=', postId)
      .where('kind', '=', 'post')
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (!node) throw new ContentError('NOT_FOUND', `Post ${postId} not found`)
    if (!commentsOpen(node.metadata))
      throw new ContentError('CONFLICT', 'Comments are closed on this post')
    await bumpCounts(trx, ref, countDelta(null, status))
    let depth = 0
    if (input.parentId !== null) {
      const parent = await trx
        .selectFrom('content_blog_comments')
        .select(['depth', 'status'])
        .where('tenant_id', '=', post.tenantId)
        .where('post_id', '=', postId)
        .where('id', '=', input.parentId)
        .executeTakeFirst()
      if (parent?.status !== 'approved')
        throw new ContentError('INVALID_INPUT', 'No approved comment to reply to', {
          errors: [{ path: 'parentId', message: 'must be an approved comment of this post' }],
        })
      if (parent.depth >= MAX_COMMENT_DEPTH)
        throw new ContentError('INVALID_INPUT', 'Replies are nested too deep', {
          errors: [{ path: 'parentId', message: `replies nest at most ${MAX_COMMENT_DEPTH} deep` }],
        })
      depth = parent.depth + 1
    }
    const now = deps.now()
    const row = await trx
      .insertInto('content_blog_comments')
      .values({
        id: deps.newId(),
        tenant_id: post.tenantId,
        post_id: postId,
        post_kind: 'post',
        parent_id: input.parentId,
        depth,
        author_id: change.author.userId,
        body: input.body,
        status,
        created_at: now,
        updated_at: now,
        moderated_at: null,
        moderated_by: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    events.add(commentCreated, {
      commentId: row.id,
      postId,
      parentId: row.parent_id,
      authorId: row.author_id,
      status,
    })
    return toComment(row)
  })
}

async function moderateComment(
  deps: ResolvedContentDeps,
  ref: CommentRef,
  change: { readonly transition: CommentTransition; readonly actor: ContentActor },
): Promise<BlogComment> {
  const { transition, actor } = change
  const current = await loadComment(deps.db as unknown as Db, ref)
  const to = nextCommentStatus(transition, current.status)
  const refuse = (status: CommentStatus): ContentError =>
    new ContentError('INVALID_TRANSITION', `A ${status} comment cannot be ${transition}d`)
  if (to === undefined) throw refuse(current.status)
  return writeChange(deps, { tenantId: ref.tenantId, actor }, async (contentTrx, events) => {
    const trx = contentTrx as unknown as Db
    await lockCounts(trx, { tenantId: ref.tenantId, id: current.post_id })
    const now = deps.now()
    // The conditional update is the state machine's guard: a racing decision that moved the
    // comment first leaves no row to update here.
    const row = await trx
      .updateTable('content_blog_comments')
      .set({ status: to, updated_at: now, moderated_at: now, moderated_by: actor.userId })
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', current.id)
      .where('status', '=', current.status)
      .returningAll()
      .executeTakeFirst()
    if (!row) throw refuse(current.status)
    await bumpCounts(
      trx,
      { tenantId: ref.tenantId, id: row.post_id },
      countDelta(current.status, to),
    )
    events.add(EVENT_OF[transition], {
      commentId: row.id,
      postId: row.post_id,
      from: current.status,
    })
    return toComment(row)
  })
}

async function deleteComment(
  deps: ResolvedContentDeps,
  ref: CommentRef,
  actor: ContentActor,
): Promise<{ readonly removed: number }> {
  const current = await loadComment(deps.db as unknown as Db, ref)
  return writeChange(deps, { tenantId: ref.tenantId, actor }, async (contentTrx, events) => {
    const trx = contentTrx as unknown as Db
    const post = { tenantId: ref.tenantId, id: current.post_id }
    await lockCounts(trx, post)
    const removed = await sql<{ status: CommentStatus }>`
      with recursive subtree as (
        select id from content_blog_comments where tenant_id = ${ref.tenantId} and id = ${current.id}
        union all
        select c.id from content_blog_comments c join subtree s on c.parent_id = s.id
        where c.tenant_id = ${ref.tenantId}
      )
      delete from content_blog_comments where tenant_id = ${ref.tenantId}
        and id in (select id from subtree)
      returning status`.execute(trx)
    if (removed.rows.length === 0) throw commentNotFound(current.id)
    const delta = removed.rows.reduce(
      (sum, { status }) => {
        const step = countDelta(status, null)
        return { approved: sum.approved + step.approved, pending: sum.pending + step.pending }
      },
      { approved: 0, pending: 0 },
    )
    await bumpCounts(trx, post, delta)
    events.add(commentDeleted, {
      commentId: current.id,
      postId: current.post_id,
      removed: removed.rows.length,
    })
    return { removed: removed.rows.length }
  })
}

function cursorPosition(after: { value: string; id: string } | undefined) {
  if (after && !isExactInstant(after.value))
    throw new ContentError('INVALID_INPUT', 'Not a cursor of this list', {
      errors: [{ path: 'after', message: 'does not belong to this list' }],
    })
  return after && { ...after, timestamp: true }
}

async function pageOf(
  db: Db,
  filter: { tenantId: string; postId?: string; status: CommentStatus },
  page: { limit: number; after?: { value: string; id: string } },
): Promise<CommentPage> {
  let query = db
    .selectFrom('content_blog_comments')
    .selectAll()
    .select(exactTimestamp('created_at').as('sort_value'))
    .where('tenant_id', '=', filter.tenantId)
    .where('status', '=', filter.status)
  if (filter.postId !== undefined) query = query.where('post_id', '=', filter.postId)
  const rows = await query
    .where(
      keysetAfter({
        column: 'created_at',
        direction: 'asc',
        position: cursorPosition(page.after),
      }),
    )
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .limit(page.limit + 1)
    .execute()
  const items = rows.slice(0, page.limit)
  const last = items.at(-1)
  return {
    items: items.map(toComment),
    next: rows.length > page.limit && last ? { value: last.sort_value, id: last.id } : null,
  }
}

/**
 * Comments on blog posts over a database with the content tables (`contentMigrations` includes
 * the blog's). Every change writes its rows, the post's counters and its event in one transaction.
 *
 * @example
 * ```ts
 * const comments = createCommentService({ db, events: outbox, requiresApproval: async () => true })
 * const comment = await comments.create({ tenantId, id: postId }, { body: 'Nice!' }, { userId })
 * await comments.moderate({ tenantId, id: comment.id }, 'approve', moderator)
 * ```
 */
export function createCommentService(options: CommentServiceDeps): CommentService {
  const deps = {
    ...resolveDeps(options),
    requiresApproval: options.requiresApproval ?? (() => Promise.resolve(true)),
  }
  const db = deps.db as unknown as Db
  return {
    create: (post, input, author) => createComment(deps, post, { input, author }),
    moderate: (comment, transition, actor) => moderateComment(deps, comment, { transition, actor }),
    delete: (comment, actor) => deleteComment(deps, comment, actor),
    get: async (comment) => toComment(await loadComment(db, comment)),
    async listApproved(post, input = {}) {
      const postId = parseInput(IdSchema, post.id, 'postId')
      const query = parseInput(ListCommentsSchema, input)
      const published = await db
        .selectFrom('content_nodes')
        .select('id')
        .where('tenant_id', '=', post.tenantId)
        .where('id', '=', postId)
        .where('kind', '=', 'post')
        .where('status', '=', 'published')
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      if (!published) throw new ContentError('NOT_FOUND', `Post ${postId} not found`)
      return pageOf(db, { tenantId: post.tenantId, postId, status: 'approved' }, query)
    },
    async queue(tenantId, input = {}) {
      const query = parseInput(ModerationQueueSchema, input)
      return pageOf(
        db,
        { tenantId, status: query.status, ...(query.postId ? { postId: query.postId } : {}) },
        query,
      )
    },
    async counts(post) {
      const row = await db
        .selectFrom('content_blog_post_counts')
        .select(['approved_comments', 'pending_comments'])
        .where('tenant_id', '=', post.tenantId)
        .where('post_id', '=', parseInput(IdSchema, post.id, 'postId'))
        .executeTakeFirst()
      return { approved: row?.approved_comments ?? 0, pending: row?.pending_comments ?? 0 }
    },
  }
}
