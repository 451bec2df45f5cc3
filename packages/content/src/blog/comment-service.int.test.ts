import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import type { ContentActor } from '../nodes/node-types'
import { MAX_COMMENT_DEPTH } from './blog-migration'
import { blogTestDb, EDITOR, type BlogTestDb } from './testing/blog-test-db.test-helper'

const reader = { userId: randomUUID() }
const moderator: ContentActor = { userId: randomUUID(), scope: 'all' }

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work
  } catch (error) {
    if (isContentError(error)) return error.code
    throw error
  }
  return 'OK'
}

describe('blog comments', () => {
  let t: BlogTestDb
  beforeAll(async () => {
    t = await blogTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('a new comment waits for a moderator by default; approving it counts it on the post', async () => {
    const post = await t.publishedPost()
    const comments = t.comments()
    const comment = await comments.create(post, { body: '  Great post!  ' }, reader)
    expect(comment).toMatchObject({ status: 'pending', body: 'Great post!', depth: 0 })
    expect(await comments.counts(post)).toEqual({ approved: 0, pending: 1 })
    expect((await comments.listApproved(post)).items).toEqual([])
    const approved = await comments.moderate({ ...post, id: comment.id }, 'approve', moderator)
    expect(approved).toMatchObject({ status: 'approved', moderatedBy: moderator.userId })
    expect(await comments.counts(post)).toEqual({ approved: 1, pending: 0 })
    expect((await comments.listApproved(post)).items.map((c) => c.id)).toEqual([comment.id])
    expect((await t.events(post.tenantId)).slice(-2)).toEqual([
      {
        type: 'comment.created',
        payload: {
          commentId: comment.id,
          postId: post.id,
          parentId: null,
          authorId: reader.userId,
          status: 'pending',
        },
      },
      {
        type: 'comment.approved',
        payload: { commentId: comment.id, postId: post.id, from: 'pending' },
      },
    ])
  })

  it('a tenant whose setting needs no approval gets approved comments at once', async () => {
    const post = await t.publishedPost()
    const asked: string[] = []
    const comments = t.comments({
      requiresApproval: (tenantId) => {
        asked.push(tenantId)
        return Promise.resolve(false)
      },
    })
    expect(await comments.create(post, { body: 'Hi' }, reader)).toMatchObject({
      status: 'approved',
    })
    expect(asked).toEqual([post.tenantId])
    expect(await comments.counts(post)).toEqual({ approved: 1, pending: 0 })
  })

  it('refuses empty or long bodies, drafts, other kinds, other tenants and closed posts', async () => {
    const post = await t.publishedPost()
    const comments = t.comments()
    expect(await codeOf(comments.create(post, { body: '   ' }, reader))).toBe('INVALID_INPUT')
    expect(await codeOf(comments.create(post, { body: 'x'.repeat(5001) }, reader))).toBe(
      'INVALID_INPUT',
    )
    const draft = await t.posts.create(
      post.tenantId,
      { translations: [{ locale: 'en', title: 'Draft' }] },
      EDITOR,
    )
    expect(await codeOf(comments.create({ ...post, id: draft.id }, { body: 'x' }, reader))).toBe(
      'NOT_FOUND',
    )
    const page = await t.nodes.create(
      post.tenantId,
      { kind: 'page', status: 'published', translations: [{ locale: 'en', title: 'Page' }] },
      EDITOR,
    )
    expect(await codeOf(comments.create({ ...post, id: page.id }, { body: 'x' }, reader))).toBe(
      'NOT_FOUND',
    )
    expect(
      await codeOf(comments.create({ tenantId: randomUUID(), id: post.id }, { body: 'x' }, reader)),
    ).toBe('NOT_FOUND')
    await t.posts.patch(post, { commentsEnabled: false }, EDITOR)
    expect(await codeOf(comments.create(post, { body: 'x' }, reader))).toBe('CONFLICT')
    expect(await comments.counts(post)).toEqual({ approved: 0, pending: 0 })
  })

  it(`threads replies under approved comments of the same post, at most ${MAX_COMMENT_DEPTH} deep`, async () => {
    const post = await t.publishedPost(randomUUID())
    const comments = t.comments({ requiresApproval: () => Promise.resolve(false) })
    let parent = await comments.create(post, { body: 'root' }, reader)
    for (let depth = 1; depth <= MAX_COMMENT_DEPTH; depth++) {
      parent = await comments.create(post, { body: `reply ${depth}`, parentId: parent.id }, reader)
      expect(parent.depth).toBe(depth)
    }
    expect(
      await codeOf(comments.create(post, { body: 'too deep', parentId: parent.id }, reader)),
    ).toBe('INVALID_INPUT')
    const other = await t.publishedPost(post.tenantId)
    expect(
      await codeOf(comments.create(other, { body: 'elsewhere', parentId: parent.id }, reader)),
    ).toBe('INVALID_INPUT')
    const pendingComments = t.comments()
    const pending = await pendingComments.create(post, { body: 'pending' }, reader)
    expect(
      await codeOf(comments.create(post, { body: 'to pending', parentId: pending.id }, reader)),
    ).toBe('INVALID_INPUT')
    expect(await comments.counts(post)).toEqual({ approved: MAX_COMMENT_DEPTH + 1, pending: 1 })
  })

  it('runs the moderation state machine and keeps both counters through every transition', async () => {
    const post = await t.publishedPost()
    const comments = t.comments()
    const { id } = await comments.create(post, { body: 'x' }, reader)
    const ref = { tenantId: post.tenantId, id }
    expect(await codeOf(comments.moderate(ref, 'approve', moderator))).toBe('OK')
    expect(await codeOf(comments.moderate(ref, 'approve', moderator))).toBe('INVALID_TRANSITION')
    expect(await codeOf(comments.moderate(ref, 'spam', moderator))).toBe('OK')
    expect(await comments.counts(post)).toEqual({ approved: 0, pending: 0 })
    expect(await codeOf(comments.moderate(ref, 'reject', moderator))).toBe('INVALID_TRANSITION')
    expect(await codeOf(comments.moderate(ref, 'approve', moderator))).toBe('OK')
    expect(await codeOf(comments.moderate(ref, 'reject', moderator))).toBe('OK')
    expect(await comments.counts(post)).toEqual({ approved: 0, pending: 0 })
    expect((await t.events(post.tenantId)).map((e) => e.type).slice(-5)).toEqual([
      'comment.created',
      'comment.approved',
      'comment.marked_spam',
      'comment.approved',
      'comment.rejected',
    ])
    expect(
      await codeOf(comments.moderate({ tenantId: randomUUID(), id }, 'approve', moderator)),
    ).toBe('NOT_FOUND')
  })

  it('deleting a comment removes its replies and their counts in one event', async () => {
    const post = await t.publishedPost()
    const open = t.comments({ requiresApproval: () => Promise.resolve(false) })
    const root = await open.create(post, { body: 'root' }, reader)
    const reply = await open.create(post, { body: 'reply', parentId: root.id }, reader)
    await open.create(post, { body: 'reply 2', parentId: reply.id }, reader)
    const keep = await open.create(post, { body: 'keep' }, reader)
    await t.comments().create(post, { body: 'pending' }, reader)
    expect(await open.counts(post)).toEqual({ approved: 4, pending: 1 })
    expect(await open.delete({ tenantId: post.tenantId, id: root.id }, moderator)).toEqual({
      removed: 3,
    })
    expect(await open.counts(post)).toEqual({ approved: 1, pending: 1 })
    expect((await open.listApproved(post)).items.map((c) => c.id)).toEqual([keep.id])
    expect((await t.events(post.tenantId)).at(-1)).toEqual({
      type: 'comment.deleted',
      payload: { commentId: root.id, postId: post.id, removed: 3 },
    })
    expect(await codeOf(open.delete({ tenantId: post.tenantId, id: root.id }, moderator))).toBe(
      'NOT_FOUND',
    )
  })

  it('pages approved comments and the moderation queue oldest first by keyset cursors', async () => {
    const post = await t.publishedPost()
    const comments = t.comments()
    const made = []
    for (let i = 0; i < 5; i++) made.push(await comments.create(post, { body: `c${i}` }, reader))
    const seen: string[] = []
    let after: { value: string; id: string } | undefined
    do {
      const page = await comments.queue(post.tenantId, { limit: 2, ...(after ? { after } : {}) })
      seen.push(...page.items.map((c) => c.id))
      after = page.next ?? undefined
    } while (after)
    expect(seen).toEqual(made.map((c) => c.id))
    expect(
      await codeOf(comments.queue(post.tenantId, { after: { value: 'x', id: randomUUID() } })),
    ).toBe('INVALID_INPUT')
    expect((await comments.queue(post.tenantId, { status: 'approved' })).items).toEqual([])
    expect((await comments.queue(randomUUID())).items).toEqual([])
  })

  it('the database refuses a comment on a node of another kind or another tenant', async () => {
    const post = await t.publishedPost()
    const page = await t.nodes.create(
      post.tenantId,
      { kind: 'page', translations: [{ locale: 'en', title: 'P' }] },
      EDITOR,
    )
    const insert = (tenantId: string, postId: string) =>
      sql`insert into content_blog_comments (id, tenant_id, post_id, author_id, body, status)
          values (${randomUUID()}, ${tenantId}, ${postId}, ${reader.userId}, 'x', 'approved')`.execute(
        t.db,
      )
    await expect(insert(post.tenantId, page.id)).rejects.toThrow(/foreign key/)
    await expect(insert(randomUUID(), post.id)).rejects.toThrow(/foreign key/)
    await expect(
      sql`update content_blog_post_counts set approved_comments = -1`.execute(t.db),
    ).rejects.toThrow(/check/)
  })
})
