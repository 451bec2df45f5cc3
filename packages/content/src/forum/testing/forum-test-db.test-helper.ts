import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import type { ContentDeps } from '../../content-deps'
import { contentEvents } from '../../content-events'
import { contentMigrations } from '../../content-migrations'
import { isContentError } from '../../content-error'
import { forumEvents } from '../forum-events'
import { createForumService, type ForumService } from '../forum-service'
import type { ForumTables } from '../forum-tables'
import type { ForumActor } from '../forum-types'

/** A migrated database with the content and forum tables, and the forum service over it. */
export interface ForumTestDb {
  readonly testDb: TestDb<ForumTables>
  readonly db: Kysely<ForumTables>
  readonly forum: ForumService
  service(overrides?: Partial<ContentDeps>): ForumService
  /** A fresh tenant with one category (moderated or not). */
  category(options?: {
    tenantId?: string
    moderated?: boolean
  }): Promise<{ tenantId: string; id: string }>
  events(tenantId: string): Promise<{ type: string; payload: Record<string, unknown> }[]>
  /** The counters as the rows say they should be, for one category and its topics. */
  recount(tenantId: string, categoryId: string): Promise<Recount>
  /** The counters as stored. */
  stored(tenantId: string, categoryId: string): Promise<Recount>
}

/** Counters of a category and of each of its topics (by id). */
interface Recount {
  topics: number
  replies: number
  lastPosterId: string | null
  perTopic: Record<string, { approved: number; pending: number; lastPosterId: string }>
}

export const ADMIN: ForumActor = { userId: crypto.randomUUID() }
export const member = (): ForumActor => ({ userId: crypto.randomUUID() })

/** The code of a failed promise, or `OK`. */
export async function codes(work: readonly Promise<unknown>[]): Promise<string[]> {
  const settled = await Promise.allSettled(work)
  return settled.map((result) => {
    if (result.status === 'fulfilled') return 'OK'
    if (isContentError(result.reason)) return result.reason.code
    throw result.reason
  })
}

/** Opens a fresh migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function forumTestDb(): Promise<ForumTestDb> {
  const testDb = await createTestDb<ForumTables>({ modules: [outboxMigrations, contentMigrations] })
  const events = createOutbox({ catalog: createEventCatalog(contentEvents, forumEvents) })
  const { db } = testDb
  const service = (overrides: Partial<ContentDeps> = {}) =>
    createForumService({ db, events, ...overrides })
  const forum = service()
  return {
    testDb,
    db,
    forum,
    service,
    async category({ tenantId = crypto.randomUUID(), moderated = false } = {}) {
      const category = await forum.createCategory(
        tenantId,
        { translations: [{ locale: 'en', name: `Category ${crypto.randomUUID()}` }], moderated },
        ADMIN,
      )
      return { tenantId, id: category.id }
    },
    async events(tenantId) {
      const rows = await sql<{ type: string; payload: Record<string, unknown> }>`
        select type, payload from sys_events where tenant_id = ${tenantId} order by seq`.execute(db)
      return rows.rows
    },
    async recount(tenantId, categoryId) {
      const topics = await db
        .selectFrom('content_forum_topics')
        .select(['id', 'author_id', 'created_at'])
        .where('tenant_id', '=', tenantId)
        .where('category_id', '=', categoryId)
        .execute()
      const replies = await db
        .selectFrom('content_forum_replies')
        .select(['topic_id', 'status', 'author_id', 'created_at', 'id'])
        .where('tenant_id', '=', tenantId)
        .where(
          'topic_id',
          'in',
          topics.length ? topics.map((t) => t.id) : ['00000000-0000-0000-0000-000000000001'],
        )
        .orderBy('created_at')
        .orderBy('id')
        .execute()
      const perTopic: Recount['perTopic'] = {}
      let latest: { at: number; id: string; poster: string } | undefined
      for (const topic of topics) {
        const mine = replies.filter((r) => r.topic_id === topic.id)
        const approved = mine.filter((r) => r.status === 'approved')
        const last = approved.at(-1)
        const poster = last?.author_id ?? topic.author_id
        const at = (last?.created_at ?? topic.created_at).getTime()
        perTopic[topic.id] = {
          approved: approved.length,
          pending: mine.filter((r) => r.status === 'pending').length,
          lastPosterId: poster,
        }
        if (!latest || at > latest.at || (at === latest.at && topic.id > latest.id))
          latest = { at, id: topic.id, poster }
      }
      return {
        topics: topics.length,
        replies: Object.values(perTopic).reduce((sum, t) => sum + t.approved, 0),
        lastPosterId: latest?.poster ?? null,
        perTopic,
      }
    },
    async stored(tenantId, categoryId) {
      const category = await db
        .selectFrom('content_forum_categories')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', categoryId)
        .executeTakeFirstOrThrow()
      const topics = await db
        .selectFrom('content_forum_topics')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('category_id', '=', categoryId)
        .execute()
      return {
        topics: category.topic_count,
        replies: category.reply_count,
        lastPosterId: category.last_poster_id,
        perTopic: Object.fromEntries(
          topics.map((t) => [
            t.id,
            { approved: t.reply_count, pending: t.pending_count, lastPosterId: t.last_poster_id },
          ]),
        ),
      }
    },
  }
}
