import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readContentDocuments } from '../projection/document-reads'
import { EN_RU, indexTestDb, SOURCES, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { rebuildIndex, rebuildStatus } from './rebuild'

const child = fileURLToPath(new URL('./rebuild-child.test-helper.ts', import.meta.url))
const packageDir = fileURLToPath(new URL('../..', import.meta.url))
const actor = { userId: null, scope: 'all' as const }

// A second process needs a server: PostgreSQL only (PGlite is one in-process connection).
describe.runIf(process.env['TEST_DATABASE_URL'])('a rebuild SIGKILLed half-way', () => {
  let t: IndexTestDb
  beforeAll(async () => {
    t = await indexTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('resumes from its checkpoint and ends identical to a clean rebuild', async () => {
    const tenantId = randomUUID()
    for (let i = 0; i < 40; i++)
      await t.nodes.create(
        tenantId,
        {
          kind: 'article',
          status: i % 3 === 0 ? 'draft' : 'published',
          translations: [{ locale: i % 2 ? 'ru' : 'en', title: `Заметка note ${i}` }],
          bodies: [{ locale: 'en', format: 'markdown', body: `Body **${i}**` }],
        },
        actor,
      )
    await t.drain()
    const live = await readContentDocuments(t.db, { tenantId, generation: 0 })
    expect(live).toHaveLength(80)

    const process_ = spawn(
      process.execPath,
      ['--conditions=@rustok/source', '--import', 'tsx', child],
      {
        cwd: packageDir,
        env: { ...process.env, DATABASE_URL: t.testDb.url, TENANT_ID: tenantId },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stderr = ''
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      process_.on('exit', (_code, signal) => resolve(signal)),
    )
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: process_.stdout })
      lines.on('line', (line) => {
        if (line === 'batch 15') {
          process_.kill('SIGKILL')
          resolve()
        }
      })
      void exited.then(() => reject(new Error(`the rebuild ended before it was killed: ${stderr}`)))
    })
    expect(await exited).toBe('SIGKILL')
    const half = await rebuildStatus(t.db, { tenantId, entity: 'content' })
    expect(half.building).toBe(1)
    expect(half.done).toBeGreaterThanOrEqual(15)
    expect(half.done).toBeLessThan(40)
    expect(half.active).toBe(0)

    const progress: number[] = []
    const done = await rebuildIndex(
      { db: t.db, sources: SOURCES, locales: EN_RU },
      {
        tenantId,
        entity: 'content',
        batchSize: 1,
        onProgress: (status) => progress.push(status.done),
      },
    )
    // It went on from the checkpoint, not from the start.
    expect(progress[0]).toBe(half.done + 1)
    expect(done).toMatchObject({ active: 1, building: null, done: 40, total: 40 })
    expect(await readContentDocuments(t.db, { tenantId, generation: 1 })).toEqual(live)
  }, 120_000)
})
