import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb, type TestDb } from './create-test-db'
import { markerModule, type MarkerDb } from './internal/marker-module.test-helper'

// isolation-a and isolation-b run as separate files (in parallel when workers allow, one after
// the other otherwise). Each writes its marker and must see only its own: a shared database, or
// a clone that leaked writes back into the cached template, would show the other file's marker.
describe('test file isolation (b)', () => {
  let testDb: TestDb<MarkerDb>
  beforeAll(async () => {
    testDb = await createTestDb<MarkerDb>({ modules: [markerModule] })
  })
  afterAll(() => testDb.destroy())

  it('sees only its own rows', async () => {
    await testDb.db.insertInto('marker').values({ owner: 'isolation-b' }).execute()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const rows = await testDb.db.selectFrom('marker').select('owner').execute()
    expect(rows).toEqual([{ owner: 'isolation-b' }])
  })
})
