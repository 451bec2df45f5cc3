import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'

const run = promisify(execFile)
const WORKER = fileURLToPath(new URL('../testing/schedule-worker.test-helper.ts', import.meta.url))

// Two worker processes, each with its own pool, on one PostgreSQL database: the production shape
// of several workers running the schedule job. PGlite cannot be shared between processes.
const postgres = process.env.TEST_DATABASE_URL !== undefined && process.env.TEST_DATABASE_URL !== ''
if (!postgres)
  console.info(
    '[content] scheduler processes test skipped: it needs PostgreSQL (set TEST_DATABASE_URL)',
  )

describe.runIf(postgres)('the scheduler in two worker processes (PostgreSQL)', () => {
  let t: ContentTestDb
  beforeAll(async () => {
    t = await contentTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('publishes each of 200 due nodes exactly once, with one node.published each', async () => {
    const tenantId = randomUUID()
    const publishAt = new Date('2030-01-01T00:05:00Z')
    const writer = t.nodes({ now: () => new Date('2030-01-01T00:00:00Z') })
    const ids: string[] = []
    for (let i = 0; i < 200; i++) {
      const node = await writer.create(
        tenantId,
        { kind: 'post', publishAt, translations: [{ locale: 'en', title: `Due ${i}` }] },
        { userId: null, scope: 'all' },
      )
      ids.push(node.id)
    }
    const url = t.testDb.url ?? ''
    const worker = () =>
      run(
        process.execPath,
        ['--conditions=@rustok/source', '--import', 'tsx', WORKER, url, '2030-01-01T00:06:00Z'],
        { timeout: 60_000 },
      ).then(({ stdout }) => (JSON.parse(stdout) as { published: number }).published)
    const counts = await Promise.all([worker(), worker()])
    expect(counts[0] + counts[1]).toBe(200)
    const events = (await t.events(tenantId)).filter((e) => e.type === 'node.published')
    expect(events).toHaveLength(200)
    expect(new Set(events.map((e) => e.payload['nodeId']))).toEqual(new Set(ids))
  }, 120_000)
})
