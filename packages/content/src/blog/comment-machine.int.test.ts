import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import { MAX_COMMENT_DEPTH } from './blog-migration'
import { COMMENT_TRANSITIONS, nextCommentStatus, type CommentTransition } from './comment-status'
import type { CommentStatus } from './comment-status'
import { blogTestDb, type BlogTestDb } from './testing/blog-test-db.test-helper'

const transitions = Object.keys(COMMENT_TRANSITIONS) as CommentTransition[]
const moderator = { userId: randomUUID(), scope: 'all' } as const

type Command =
  | { op: 'create'; post: number; parent: number | null; approved: boolean }
  | { op: 'moderate'; at: number; name: CommentTransition }
  | { op: 'delete'; at: number }

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    post: fc.nat(1),
    parent: fc.option(fc.nat(), { nil: null }),
    approved: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('moderate' as const),
    at: fc.nat(),
    name: fc.constantFrom(...transitions),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
)

interface ModelComment {
  id: string
  post: number
  parent: string | null
  depth: number
  status: CommentStatus
}

describe('comment machine under random command sequences', () => {
  let t: BlogTestDb
  beforeAll(async () => {
    t = await blogTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('the database never reaches a state the model refuses, keeps exact counters and loses no event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 14 }), async (commands) => {
        const tenantId = randomUUID()
        const posts = [await t.publishedPost(tenantId), await t.publishedPost(tenantId)]
        const model: ModelComment[] = []
        let expectedEvents = 0
        for (const step of commands) {
          if (step.op === 'create') {
            const candidates = model.filter((c) => c.post === step.post && c.status === 'approved')
            const parent =
              step.parent === null || candidates.length === 0
                ? null
                : candidates[step.parent % candidates.length]!
            const comments = t.comments({ requiresApproval: () => Promise.resolve(!step.approved) })
            const work = comments.create(
              posts[step.post]!,
              { body: 'x', parentId: parent?.id ?? null },
              { userId: randomUUID() },
            )
            if (parent && parent.depth >= MAX_COMMENT_DEPTH) {
              await expect(work).rejects.toMatchObject({ code: 'INVALID_INPUT' })
              continue
            }
            const made = await work
            model.push({
              id: made.id,
              post: step.post,
              parent: parent?.id ?? null,
              depth: parent ? parent.depth + 1 : 0,
              status: made.status,
            })
            expectedEvents++
            continue
          }
          if (model.length === 0) continue
          const target = model[step.at % model.length]!
          const ref = { tenantId, id: target.id }
          if (step.op === 'delete') {
            const gone = new Set([target.id])
            for (const c of model) if (c.parent !== null && gone.has(c.parent)) gone.add(c.id)
            expect(await t.comments().delete(ref, moderator)).toEqual({ removed: gone.size })
            model.splice(0, model.length, ...model.filter((c) => !gone.has(c.id)))
            expectedEvents++
            continue
          }
          const to = nextCommentStatus(step.name, target.status)
          try {
            const moved = await t.comments().moderate(ref, step.name, moderator)
            expect(moved.status).toBe(to)
            target.status = moved.status
            expectedEvents++
          } catch (error) {
            if (!isContentError(error)) throw error
            expect([error.code, to]).toEqual(['INVALID_TRANSITION', undefined])
          }
        }
        for (const [index, post] of posts.entries()) {
          const mine = model.filter((c) => c.post === index)
          expect(await t.comments().counts(post)).toEqual({
            approved: mine.filter((c) => c.status === 'approved').length,
            pending: mine.filter((c) => c.status === 'pending').length,
          })
        }
        const { rows } = await sql<{ id: string; status: string }>`
          select id, status from content_blog_comments where tenant_id = ${tenantId}
          order by id`.execute(t.db)
        expect(rows).toEqual(
          model
            .map((c) => ({ id: c.id, status: c.status }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        )
        const events = (await t.events(tenantId)).filter((e) => e.type.startsWith('comment.'))
        expect(events).toHaveLength(expectedEvents)
      }),
      { numRuns: 12 },
    )
  }, 60_000)
})
