import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely, type Migration } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMigrator, type MigrationModule } from './migrator'

// Each migration records its id in `ran`, so tests can read back the order they ran in.
const recording = (id: string, ddl?: string): Migration => ({
  async up(db) {
    await sql`create table if not exists ran (seq serial primary key, id text not null)`.execute(db)
    if (ddl) await sql.raw(ddl).execute(db)
    await sql`insert into ran (id) values (${id})`.execute(db)
  },
})

// "zeta" owns the parent table and must run before "alpha", whose table references it: module
// order, not alphabetical order, decides.
const zeta: MigrationModule = {
  name: 'zeta',
  migrations: {
    '0002_add_name': recording('zeta/0002', 'alter table parent add column name text'),
    '0001_parent': recording('zeta/0001', 'create table parent (id int primary key)'),
  },
}
const alpha: MigrationModule = {
  name: 'alpha',
  migrations: {
    '0001_child': recording(
      'alpha/0001',
      'create table child (parent_id int references parent (id))',
    ),
  },
}

async function ranIds(db: Kysely<unknown>): Promise<string[]> {
  const result = await sql<{ id: string }>`select id from ran order by seq`.execute(db)
  return result.rows.map((row) => row.id)
}

describe('createMigrator', () => {
  let testDb: TestDb<unknown>
  beforeEach(async () => {
    testDb = await createTestDb({ modules: [] })
  })
  afterEach(() => testDb.destroy())

  it('runs modules in the given order and migrations by name within a module', async () => {
    const migrator = createMigrator({ db: testDb.db, modules: [zeta, alpha] })
    const { applied } = await migrator.up()

    expect(applied).toEqual(['zeta/0001_parent', 'zeta/0002_add_name', 'alpha/0001_child'])
    expect(await ranIds(testDb.db)).toEqual(['zeta/0001', 'zeta/0002', 'alpha/0001'])
    const status = await migrator.status()
    expect(status.map((entry) => [entry.id, entry.state])).toEqual([
      ['zeta/0001_parent', 'applied'],
      ['zeta/0002_add_name', 'applied'],
      ['alpha/0001_child', 'applied'],
    ])
    expect(status.every((entry) => entry.executedAt instanceof Date)).toBe(true)
  })

  it('applies nothing the second time', async () => {
    await createMigrator({ db: testDb.db, modules: [zeta, alpha] }).up()
    const again = await createMigrator({ db: testDb.db, modules: [zeta, alpha] }).up()

    expect(again.applied).toEqual([])
    expect(await ranIds(testDb.db)).toHaveLength(3)
  })

  it('reports pending migrations before they run', async () => {
    await createMigrator({ db: testDb.db, modules: [zeta] }).up()
    const status = await createMigrator({ db: testDb.db, modules: [zeta, alpha] }).status()

    expect(status.find((entry) => entry.id === 'alpha/0001_child')).toEqual({
      id: 'alpha/0001_child',
      state: 'pending',
      executedAt: undefined,
    })
  })

  it('runs a module added later even though its ids sort before applied ones', async () => {
    await createMigrator({ db: testDb.db, modules: [zeta] }).up()
    const { applied } = await createMigrator({ db: testDb.db, modules: [zeta, alpha] }).up()

    expect(applied).toEqual(['alpha/0001_child'])
  })

  it('refuses to migrate a database that has a migration the code does not know', async () => {
    await createMigrator({ db: testDb.db, modules: [zeta, alpha] }).up()
    const older = createMigrator({ db: testDb.db, modules: [zeta] })

    await expect(older.up()).rejects.toMatchObject({
      name: 'CoreDbError',
      code: 'UNKNOWN_MIGRATION',
      message: expect.stringContaining('alpha/0001_child') as unknown,
    })
    expect((await older.status()).at(-1)).toMatchObject({
      id: 'alpha/0001_child',
      state: 'unknown',
    })
  })

  it('reports a failing migration by id and leaves none of that run applied', async () => {
    const broken: MigrationModule = {
      name: 'broken',
      migrations: {
        '0001_fine': recording('broken/0001', 'create table fine (id int)'),
        '0002_fails': recording('broken/0002', 'create table parent (id int)'),
      },
    }
    await createMigrator({ db: testDb.db, modules: [zeta] }).up()
    const migrator = createMigrator({ db: testDb.db, modules: [zeta, broken] })

    await expect(migrator.up()).rejects.toMatchObject({
      code: 'MIGRATION_FAILED',
      message: expect.stringContaining('broken/0002_fails') as unknown,
    })
    const states = (await migrator.status()).map((entry) => entry.state)
    expect(states).toEqual(['applied', 'applied', 'pending', 'pending'])
    const fine = await sql<{
      found: boolean
    }>`select to_regclass('fine') is not null as found`.execute(testDb.db)
    expect(fine.rows[0]?.found).toBe(false)
  })

  it('rejects module names that are not kebab-case and modules listed twice', () => {
    expect(() =>
      createMigrator({ db: testDb.db, modules: [{ name: 'Bad Name', migrations: {} }] }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    expect(() => createMigrator({ db: testDb.db, modules: [zeta, zeta] })).toThrow(/listed twice/)
  })
})
