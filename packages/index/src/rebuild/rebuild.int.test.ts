import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readContentDocuments } from '../projection/document-reads'
import {
  hasApplied,
  outboxPosition,
  projectionLag,
  waitForPosition,
} from '../projection/projection-lag'
import { createPgSearchEngine } from '../search/pg-search-engine'
import { EN_RU, indexTestDb, SOURCES, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { checkDrift } from './drift'
import { rebuildIndex, rebuildStatus } from './rebuild'

const actor = { userId: null, scope: 'all' as const }

describe('rebuilds, drift, lag and read-your-writes', () => {
  let t: IndexTestDb
  const deps = () => ({ db: t.db, sources: SOURCES, locales: EN_RU })
  beforeAll(async () => {
    t = await indexTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  async function tenantWithNodes(n: number): Promise<{ tenantId: string; ids: string[] }> {
    const tenantId = randomUUID()
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      const node = await t.nodes.create(
        tenantId,
        {
          kind: 'article',
          status: 'published',
          translations: [{ locale: 'en', title: `Note ${i}` }],
        },
        actor,
      )
      ids.push(node.id)
    }
    await t.drain()
    return { tenantId, ids }
  }

  it('a rebuild stopped half-way keeps readers on the live generation, resumes from its checkpoint and ends identical', async () => {
    const { tenantId, ids } = await tenantWithNodes(9)
    const clean = await readContentDocuments(t.db, { tenantId, generation: 0 })
    const search = createPgSearchEngine({ db: t.db })
    const progress: number[] = []
    const half = await rebuildIndex(deps(), {
      tenantId,
      entity: 'content',
      batchSize: 2,
      maxBatches: 2,
      onProgress: (status) => progress.push(status.done),
    })
    expect(progress).toEqual([2, 4])
    expect(half).toMatchObject({ active: 0, building: 1, done: 4, total: 9 })
    expect(half.checkpoint).toBe([...ids].sort()[3])
    // Readers still see all nine from generation 0, never the four of generation 1.
    expect((await search.searchContent({ tenantId, locale: 'en', q: 'note' })).total).toBe(9)
    // A change while the rebuild is paused reaches both generations through the projection.
    await t.nodes.patch(
      { tenantId, id: ids[0]! },
      { translations: [{ locale: 'en', title: 'Changed' }] },
      actor,
    )
    await t.drain()
    const done = await rebuildIndex(deps(), { tenantId, entity: 'content', batchSize: 2 })
    expect(done).toMatchObject({ active: 1, building: null, done: 9, total: 9 })
    const rebuilt = await readContentDocuments(t.db, { tenantId, generation: 1 })
    const changed = rebuilt.find((doc) => doc.nodeId === ids[0])!
    expect(changed.title).toBe('Changed')
    expect(rebuilt).toEqual(
      clean.map((doc) =>
        doc.nodeId === ids[0] ? { ...doc, title: 'Changed', updatedAt: changed.updatedAt } : doc,
      ),
    )
    expect(await readContentDocuments(t.db, { tenantId, generation: 0 })).toEqual([])
    expect((await search.searchContent({ tenantId, locale: 'en', q: 'changed' })).total).toBe(1)
  })

  it('the drift check reports missing, stale and orphaned documents and repairs them', async () => {
    const { tenantId, ids } = await tenantWithNodes(3)
    const [a, b, c] = ids as [string, string, string]
    await sql`delete from index_content where node_id = ${a}`.execute(t.db)
    await sql`update index_content set title = 'wrong' where node_id = ${b}`.execute(t.db)
    // The node is deleted without its event reaching the index.
    await t.nodes.delete({ tenantId, id: c }, actor)
    await sql`update sys_events set status = 'dispatched' where status = 'pending'`.execute(t.db)
    const report = await checkDrift(deps(), { tenantId, entity: 'content' })
    expect(report).toMatchObject({
      checked: 2,
      missing: [a],
      stale: [b],
      orphaned: [c],
      repaired: false,
    })
    expect((await checkDrift(deps(), { tenantId, entity: 'content', repair: true })).repaired).toBe(
      true,
    )
    expect(await checkDrift(deps(), { tenantId, entity: 'content' })).toMatchObject({
      missing: [],
      stale: [],
      orphaned: [],
    })
  })

  it('reports the lag and waits, bounded, until a write is applied', async () => {
    const tenantId = randomUUID()
    await t.drain()
    expect((await projectionLag(t.db, 'content')).pending).toBe(0)
    await t.nodes.create(
      tenantId,
      { kind: 'article', translations: [{ locale: 'en', title: 'Fresh' }] },
      actor,
    )
    const position = await outboxPosition(t.db)
    const lag = await projectionLag(t.db, 'content')
    expect(lag.pending).toBe(1)
    expect(await hasApplied(t.db, { entity: 'content', position })).toBe(false)
    expect(await hasApplied(t.db, { entity: 'products', position })).toBe(true)
    expect(await waitForPosition(t.db, { entity: 'content', position, timeoutMs: 50 })).toBe(false)
    const waited = waitForPosition(t.db, { entity: 'content', position, timeoutMs: 5_000 })
    await t.drain()
    expect(await waited).toBe(true)
    expect(await projectionLag(t.db, 'content')).toMatchObject({ pending: 0, lagMs: 0 })
    expect((await rebuildStatus(t.db, { tenantId, entity: 'content' })).active).toBe(0)
  })
})
