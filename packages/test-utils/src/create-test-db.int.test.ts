import type { MigrationModule } from '@rustok/core-db'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from './create-test-db'
import { markerModule, type MarkerDb } from './internal/marker-module.test-helper'

describe('createTestDb', () => {
  let first: TestDb<MarkerDb>
  let second: TestDb<MarkerDb>
  beforeAll(async () => {
    first = await createTestDb<MarkerDb>({ modules: [markerModule] })
    second = await createTestDb<MarkerDb>({ modules: [markerModule] })
  })
  afterAll(async () => {
    await first.destroy()
    await second.destroy()
  })

  it('hands out a migrated database', async () => {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables where table_schema = 'public' order by 1`.execute(
      first.db,
    )
    expect(tables.rows.map((row) => row.name)).toEqual(['marker', 'rustok_migration'])
    expect(first.driver).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite')
  })

  it('gives every call its own database, even from the same template', async () => {
    await first.db.insertInto('marker').values({ owner: 'first' }).execute()
    const seen = await second.db.selectFrom('marker').select('owner').execute()
    expect(seen).toEqual([])
  })

  it('builds a separate template for a different migration set', async () => {
    const extra: MigrationModule = {
      name: 'extra',
      migrations: {
        '0001_extra': {
          up: (db) => db.schema.createTable('extra').addColumn('id', 'integer').execute(),
        },
      },
    }
    const other = await createTestDb<unknown>({ modules: [markerModule, extra] })
    try {
      const found = await sql<{
        found: boolean
      }>`select to_regclass('extra') is not null as found`.execute(other.db)
      expect(found.rows[0]?.found).toBe(true)
    } finally {
      await other.destroy()
    }
  })

  it('drops a PostgreSQL database on destroy()', async (context) => {
    if (!process.env.TEST_DATABASE_URL) {
      context.skip('PostgreSQL only: set TEST_DATABASE_URL')
    }
    const temporary = await createTestDb<unknown>({ modules: [] })
    const name = await sql<{ name: string }>`select current_database() as name`.execute(
      temporary.db,
    )
    await temporary.destroy()
    const stillThere = await sql<{ found: boolean }>`
      select exists (select 1 from pg_database where datname = ${name.rows[0]?.name}) as found`.execute(
      first.db,
    )
    expect(stillThere.rows[0]?.found).toBe(false)
  })
})
