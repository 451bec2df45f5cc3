import { createEventCatalog } from '@rustok/core-events'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { contentEvents } from '../../content-events'
import { contentMigrations } from '../../content-migrations'
import type { ContentActor } from '../../nodes/node-types'
import { createNodeService, type NodeService } from '../../nodes/node-service'
import { blogEvents } from '../blog-events'
import type { BlogTables } from '../blog-tables'
import {
  createCommentService,
  type CommentService,
  type CommentServiceDeps,
} from '../comment-service'
import { createPostService, type PostService } from '../post-service'

/** A migrated database with the content and blog tables, and the blog's services over it. */
export interface BlogTestDb {
  readonly testDb: TestDb<BlogTables>
  readonly db: Kysely<BlogTables>
  readonly nodes: NodeService
  readonly posts: PostService
  comments(overrides?: Partial<CommentServiceDeps>): CommentService
  /** A published post of a fresh tenant (or of `tenantId`). */
  publishedPost(tenantId?: string): Promise<{ tenantId: string; id: string }>
  events(tenantId: string): Promise<{ type: string; payload: Record<string, unknown> }[]>
}

export const EDITOR: ContentActor = { userId: crypto.randomUUID(), scope: 'all' }

/** Opens a fresh migrated database (PGlite, or PostgreSQL with TEST_DATABASE_URL). */
export async function blogTestDb(): Promise<BlogTestDb> {
  const testDb = await createTestDb<BlogTables>({ modules: [outboxMigrations, contentMigrations] })
  const events = createOutbox({ catalog: createEventCatalog(contentEvents, blogEvents) })
  const { db } = testDb
  const nodes = createNodeService({ db, events })
  const posts = createPostService({ db, events, nodes })
  return {
    testDb,
    db,
    nodes,
    posts,
    comments: (overrides = {}) => createCommentService({ db, events, ...overrides }),
    async publishedPost(tenantId = crypto.randomUUID()) {
      const post = await posts.create(
        tenantId,
        {
          status: 'published',
          slugConflict: 'suffix',
          translations: [{ locale: 'en', title: 'A post' }],
        },
        EDITOR,
      )
      return { tenantId, id: post.id }
    },
    async events(tenantId) {
      const rows = await sql<{ type: string; payload: Record<string, unknown> }>`
        select type, payload from sys_events where tenant_id = ${tenantId} order by seq`.execute(db)
      return rows.rows
    },
  }
}
