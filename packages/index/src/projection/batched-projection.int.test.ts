import { randomUUID } from 'node:crypto'
import { createEnvelope, type EventEnvelope } from '@rustok/core-events'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reindexRequested } from '../events/index-events'
import { EN_RU, indexTestDb, SOURCES, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { readProductDocuments } from './document-reads'
import { createIndexHandlers } from './index-handlers'
import type { IndexSources } from './projector'

const actor = { userId: null, scope: 'all' as const }

describe('the projection applies the events handed over together in one transaction', () => {
  let t: IndexTestDb
  let tenantId: string
  let productIds: string[]
  beforeAll(async () => {
    t = await indexTestDb()
    tenantId = randomUUID()
    productIds = []
    for (let i = 0; i < 12; i++) {
      const product = await t.products.create(
        tenantId,
        { translations: [{ locale: 'en', title: `Batch shirt ${i}` }] },
        actor,
      )
      productIds.push(product.id)
    }
    // The services' own events are not delivered: each test hands its events over itself.
    await sql`update sys_events set status = 'dispatched' where tenant_id = ${tenantId}`.execute(
      t.db,
    )
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const reindex = (ids: readonly string[]): EventEnvelope[] =>
    ids.map((id) =>
      createEnvelope(reindexRequested, { targetType: 'product', targetId: id }, { tenantId }),
    )
  const transactionsOf = async (events: readonly EventEnvelope[]): Promise<number> => {
    // now() is the transaction's start: one distinct value per transaction that wrote inbox rows.
    const { rows } = await sql<{ n: string }>`select count(distinct handled_at) as n from sys_inbox
      where handler = 'index-products' and event_id = any(${events.map((e) => e.id)}::uuid[])`.execute(
      t.db,
    )
    return Number(rows[0]?.n ?? 0)
  }

  it('projects a burst of events in one transaction, and a redelivery applies none of them', async () => {
    const products = createIndexHandlers({ db: t.db, sources: SOURCES, locales: EN_RU }).find(
      (handler) => handler.name === 'index-products',
    )!
    const events = reindex(productIds)
    const applied = await Promise.all(events.map((event) => products.apply(event)))
    expect(applied.every(Boolean)).toBe(true)
    expect(await transactionsOf(events)).toBe(1)
    const documents = await readProductDocuments(t.db, { tenantId, generation: 0 })
    expect(new Set(documents.map((doc) => doc.productId))).toEqual(new Set(productIds))

    const again = await Promise.all(events.map((event) => products.apply(event)))
    expect(again.some(Boolean)).toBe(false)
    expect(await transactionsOf(events)).toBe(1)
  })

  it('fails only the bad event of a batch: the rest are applied one by one', async () => {
    const bad = productIds[3]!
    const failing: IndexSources = {
      products: (db) => {
        const source = SOURCES.products!(db)
        return {
          ...source,
          load: async (tenant, ids) => {
            if (ids.includes(bad)) throw new Error('unreadable product')
            return source.load(tenant, ids)
          },
        }
      },
    }
    const [products] = createIndexHandlers({ db: t.db, sources: failing, locales: EN_RU })
    const events = reindex(productIds)
    const outcomes = await Promise.allSettled(events.map((event) => products!.apply(event)))
    expect(outcomes.map((outcome) => outcome.status)).toEqual(
      productIds.map((id) => (id === bad ? 'rejected' : 'fulfilled')),
    )
    const { rows } = await sql<{ event_id: string }>`select event_id from sys_inbox
      where handler = 'index-products' and event_id = any(${events.map((e) => e.id)}::uuid[])`.execute(
      t.db,
    )
    // The bad event left no inbox row: its redelivery will try it again.
    expect(rows.map((row) => row.event_id).sort()).toEqual(
      events
        .filter((_, i) => productIds[i] !== bad)
        .map((event) => event.id)
        .sort(),
    )
  })
})
