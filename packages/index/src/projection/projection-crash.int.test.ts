import { randomUUID } from 'node:crypto'
import { commerceEvents } from '@rustok/commerce'
import { contentEvents } from '@rustok/content'
import { createEventCatalog } from '@rustok/core-events'
import { createRelay } from '@rustok/outbox'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexEvents } from '../index-events'
import { rebuildIndex } from '../rebuild/rebuild'
import { EN_RU, indexTestDb, SOURCES, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { readContentDocuments } from './document-reads'
import { createIndexHandlers } from './index-handlers'
import type { IndexSources } from './projector'

const actor = { userId: null, scope: 'all' as const }

describe('a projection that dies mid-event', () => {
  let t: IndexTestDb
  beforeAll(async () => {
    t = await indexTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('leaves no document lost or stale once the relay redelivers', async () => {
    const tenantId = randomUUID()
    // The source dies in every other load: after the inbox row was written, before the documents.
    let loads = 0
    const flaky: IndexSources = {
      content: (db) => {
        const source = SOURCES.content!(db)
        return {
          ...source,
          load: async (tenant, ids) => {
            if (loads++ % 2 === 0) throw new Error('crashed mid-projection')
            return source.load(tenant, ids)
          },
        }
      },
    }
    const handlers = createIndexHandlers({ db: t.db, sources: flaky, locales: EN_RU })
    const relay = createRelay({
      db: t.db,
      catalog: createEventCatalog(contentEvents, commerceEvents, indexEvents),
      transport: {
        deliver: async (event) => {
          for (const handler of handlers)
            if (handler.types === '*' || handler.types.includes(event.type))
              await handler.handle(event)
        },
      },
    })
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const node = await t.nodes.create(
        tenantId,
        { kind: 'article', translations: [{ locale: 'en', title: `Draft ${i}` }] },
        actor,
      )
      ids.push(node.id)
      await t.nodes.patch(
        { tenantId, id: node.id },
        { translations: [{ locale: 'en', title: `Final ${i}` }] },
        actor,
      )
    }
    // Deliver until nothing is pending; failed deliveries are retried at once instead of after backoff.
    for (let round = 0; round < 50; round++) {
      await sql`update sys_events set next_attempt_at = now() where status = 'pending'`.execute(
        t.db,
      )
      if ((await relay.runOnce()) === 0) break
    }
    const { rows } = await sql<{ n: string }>`select count(*) as n from sys_events
      where tenant_id = ${tenantId} and status <> 'dispatched'`.execute(t.db)
    expect(Number(rows[0]?.n)).toBe(0)
    expect(loads).toBeGreaterThan(10) // half of them crashed
    const live = await readContentDocuments(t.db, { tenantId, generation: 0 })
    expect(
      live
        .filter((doc) => doc.locale === 'en')
        .map((doc) => doc.title)
        .sort(),
    ).toEqual(ids.map((_, i) => `Final ${i}`))
    await rebuildIndex(
      { db: t.db, sources: SOURCES, locales: EN_RU },
      { tenantId, entity: 'content' },
    )
    expect(await readContentDocuments(t.db, { tenantId, generation: 1 })).toEqual(live)
  })
})
