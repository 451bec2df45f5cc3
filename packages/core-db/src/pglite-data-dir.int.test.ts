import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { createDb } from './create-db'

// PGlite-only by nature: the embedded database persisted in a folder survives a restart.
describe('PGlite data folder', () => {
  const folders: string[] = []
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
  })

  // One test for both: each PGlite cold start on disk costs seconds (tens on a loaded machine).
  it('creates the missing parent folders, and keeps committed data across close and reopen', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'rustok-core-db-'))
    folders.push(folder)
    const dataDir = join(folder, 'not', 'yet', 'there')

    const first = await createDb<unknown>({ driver: 'pglite', dataDir })
    await sql`create table kept (value text)`.execute(first)
    await sql`insert into kept values ('still here')`.execute(first)
    await first.destroy()

    const second = await createDb<unknown>({ driver: 'pglite', dataDir })
    const rows = await sql<{ value: string }>`select value from kept`.execute(second)
    await second.destroy()
    expect(rows.rows).toEqual([{ value: 'still here' }])
  }, 120_000)
})
