import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import type { ContentActor } from './node-types'

const editor: ContentActor = { userId: randomUUID(), scope: 'all' }

/** Settles every promise; the codes of the ContentErrors, other errors rethrown. */
async function outcomes<T>(work: readonly Promise<T>[]): Promise<{ ok: T[]; codes: string[] }> {
  const settled = await Promise.allSettled(work)
  const ok: T[] = []
  const codes: string[] = []
  for (const result of settled) {
    if (result.status === 'fulfilled') ok.push(result.value)
    else if (isContentError(result.reason)) codes.push(result.reason.code)
    else throw result.reason
  }
  return { ok, codes }
}

// On PostgreSQL these run truly in parallel (a pool of connections); PGlite serialises them, so
// there they only check the outcome, not the race.
describe('node races', () => {
  let t: ContentTestDb
  beforeAll(async () => {
    t = await contentTestDb()
    console.info(`[content] node races on ${t.testDb.driver}`)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  const sameTitle = (tenantId: string, slugConflict: 'error' | 'suffix') =>
    Array.from({ length: 50 }, () =>
      t
        .nodes()
        .create(
          tenantId,
          { kind: 'post', slugConflict, translations: [{ locale: 'en', title: 'Breaking news' }] },
          editor,
        ),
    )

  it('50 parallel creates of one title with suffix: 50 distinct slugs', async () => {
    const { ok, codes } = await outcomes(sameTitle(randomUUID(), 'suffix'))
    expect(codes).toEqual([])
    const slugs = new Set(ok.map((node) => node.translations[0]?.slug))
    expect(slugs.size).toBe(50)
    expect(slugs.has('breaking-news')).toBe(true)
    expect(slugs.has('breaking-news-50')).toBe(true)
  }, 60_000)

  it('50 parallel creates of one title without suffix: 1 created, 49 CONFLICT', async () => {
    const tenantId = randomUUID()
    const { ok, codes } = await outcomes(sameTitle(tenantId, 'error'))
    expect(ok).toHaveLength(1)
    expect(codes).toEqual(Array.from({ length: 49 }, () => 'CONFLICT'))
    expect((await t.events(tenantId)).map((e) => e.type)).toEqual(['node.created'])
  }, 60_000)

  it('two parallel publishes of one draft: one wins, one INVALID_TRANSITION, one event', async () => {
    const tenantId = randomUUID()
    const nodes = t.nodes()
    for (let round = 0; round < 10; round++) {
      const node = await nodes.create(
        tenantId,
        { kind: 'post', translations: [{ locale: 'en', title: `Race ${round}` }] },
        editor,
      )
      const ref = { tenantId, id: node.id }
      const { ok, codes } = await outcomes([nodes.publish(ref, editor), nodes.publish(ref, editor)])
      expect(ok).toHaveLength(1)
      expect(codes).toEqual(['INVALID_TRANSITION'])
    }
    const published = (await t.events(tenantId)).filter((e) => e.type === 'node.published')
    expect(published).toHaveLength(10)
  }, 60_000)

  it('two schedulers and 200 nodes due at once: each published once, one node.published each', async () => {
    const tenantId = randomUUID()
    let clock = new Date('2030-01-01T00:00:00Z')
    const now = () => clock
    const writer = t.nodes({ now })
    const publishAt = new Date('2030-01-01T00:05:00Z')
    const ids: string[] = []
    for (let i = 0; i < 200; i++) {
      const node = await writer.create(
        tenantId,
        { kind: 'post', publishAt, translations: [{ locale: 'en', title: `Scheduled ${i}` }] },
        editor,
      )
      ids.push(node.id)
    }
    clock = new Date('2030-01-01T00:06:00Z')
    // Two workers, each with its own service, claiming small batches in parallel until done.
    const worker = async () => {
      const scheduler = t.nodes({ now })
      let published = 0
      for (;;) {
        const run = await scheduler.runSchedule({ batch: 7 })
        published += run.published
        if (run.published === 0) return published
      }
    }
    const counts = await Promise.all([worker(), worker()])
    expect(counts[0] + counts[1]).toBe(200)
    const events = (await t.events(tenantId)).filter((e) => e.type === 'node.published')
    expect(events).toHaveLength(200)
    expect(new Set(events.map((e) => e.payload['nodeId']))).toEqual(new Set(ids))
    const page = await t.nodes().list({ tenantId }, { status: 'published', limit: 100 })
    expect(page.items).toHaveLength(100)
  }, 120_000)
})
