import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import type { ContentActor } from '../nodes/node-types'
import { blogTestDb, type BlogTestDb } from './testing/blog-test-db.test-helper'

const moderator: ContentActor = { userId: randomUUID(), scope: 'all' }

async function codes(work: readonly Promise<unknown>[]): Promise<string[]> {
  const settled = await Promise.allSettled(work)
  return settled.map((result) => {
    if (result.status === 'fulfilled') return 'OK'
    if (isContentError(result.reason)) return result.reason.code
    throw result.reason
  })
}

/** What the comments table says the counters should be. */
async function recount(t: BlogTestDb, postId: string) {
  const { rows } = await sql<{ status: string; n: number }>`
    select status, count(*)::int as n from content_blog_comments where post_id = ${postId}
    group by status`.execute(t.db)
  const of = (status: string) => rows.find((row) => row.status === status)?.n ?? 0
  return { approved: of('approved'), pending: of('pending') }
}

// On PostgreSQL these run truly in parallel (a pool of connections); PGlite serialises them, so
// there they check the outcome only.
describe('blog comment races', () => {
  let t: BlogTestDb
  beforeAll(async () => {
    t = await blogTestDb()
    if (t.testDb.driver !== 'postgres')
      console.info('[content] comment races on PGlite run one at a time: outcome only, no race')
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('100 parallel comments on one post: the approved count is exactly 100', async () => {
    const post = await t.publishedPost()
    const comments = t.comments({ requiresApproval: () => Promise.resolve(false) })
    const results = await codes(
      Array.from({ length: 100 }, (_, i) =>
        comments.create(post, { body: `comment ${i}` }, { userId: randomUUID() }),
      ),
    )
    expect(results.filter((code) => code === 'OK')).toHaveLength(100)
    expect(await comments.counts(post)).toEqual({ approved: 100, pending: 0 })
    expect(await recount(t, post.id)).toEqual({ approved: 100, pending: 0 })
    const created = (await t.events(post.tenantId)).filter((e) => e.type === 'comment.created')
    expect(created).toHaveLength(100)
  }, 60_000)

  it('parallel approve, reject and spam of one pending comment: exactly one wins', async () => {
    const post = await t.publishedPost()
    const comments = t.comments()
    const { id } = await comments.create(post, { body: 'x' }, { userId: randomUUID() })
    const ref = { tenantId: post.tenantId, id }
    const decisions = ['approve', 'reject', 'spam', 'approve', 'reject', 'spam'] as const
    const results = await codes(decisions.map((name) => comments.moderate(ref, name, moderator)))
    // After the winner, the others either lost the race (409) or found a status that still
    // allows them (e.g. reject after approve): the counters must match the rows either way.
    expect(results.filter((code) => code !== 'OK').every((c) => c === 'INVALID_TRANSITION')).toBe(
      true,
    )
    expect(await comments.counts(post)).toEqual(await recount(t, post.id))
  }, 60_000)

  it('two parallel approvals of one comment: one wins, one 409, one event, count 1', async () => {
    const post = await t.publishedPost()
    const comments = t.comments()
    const { id } = await comments.create(post, { body: 'x' }, { userId: randomUUID() })
    const ref = { tenantId: post.tenantId, id }
    const results = await codes([
      comments.moderate(ref, 'approve', moderator),
      comments.moderate(ref, 'approve', moderator),
    ])
    expect(results.sort()).toEqual(['INVALID_TRANSITION', 'OK'])
    expect(await comments.counts(post)).toEqual({ approved: 1, pending: 0 })
    const approvals = (await t.events(post.tenantId)).filter((e) => e.type === 'comment.approved')
    expect(approvals).toHaveLength(1)
  }, 60_000)

  it('replies posted while their thread is deleted: the counters match the rows after', async () => {
    const post = await t.publishedPost()
    const comments = t.comments({ requiresApproval: () => Promise.resolve(false) })
    const root = await comments.create(post, { body: 'root' }, { userId: randomUUID() })
    const reply = (i: number) =>
      comments.create(post, { body: `r${i}`, parentId: root.id }, { userId: randomUUID() })
    const results = await codes([
      ...Array.from({ length: 15 }, (_, i) => reply(i)),
      comments.delete({ tenantId: post.tenantId, id: root.id }, moderator),
      ...Array.from({ length: 15 }, (_, i) => reply(15 + i)),
    ])
    expect(results.every((code) => code === 'OK' || code === 'INVALID_INPUT')).toBe(true)
    expect(await comments.counts(post)).toEqual(await recount(t, post.id))
    expect(await recount(t, post.id)).toEqual({ approved: 0, pending: 0 })
  }, 60_000)
})
