import { createTestDb, fixedClock, sequentialIds, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testEventWriter, testEventsMigrations } from './internal/test-events.test-helper'
import type { TenantListQuery } from './tenant-list'
import { tenantMigrations } from './tenant-migrations'
import { createTenantStore, type TenantStore } from './tenant-store'
import type { TenantTables } from './tenant-tables'

describe('TenantStore.list', () => {
  let testDb: TestDb<TenantTables>
  let db: Kysely<TenantTables>
  let store: TenantStore
  const clock = fixedClock()

  const slugsOf = async (query: TenantListQuery) =>
    (await store.list(query)).tenants.map((tenant) => tenant.slug)

  // Walks every page, so a cursor that skips or repeats a row shows up in the result.
  const walk = async (query: TenantListQuery) => {
    const slugs: string[] = []
    let after: TenantListQuery['after']
    for (let pages = 0; pages < 20; pages += 1) {
      const page = await store.list({ ...query, after })
      slugs.push(...page.tenants.map((tenant) => tenant.slug))
      if (page.next === null) return slugs
      after = page.next
    }
    throw new Error('too many pages')
  }

  beforeAll(async () => {
    testDb = await createTestDb<TenantTables>({ modules: [tenantMigrations, testEventsMigrations] })
    db = testDb.db
    store = createTenantStore({
      db,
      events: testEventWriter(),
      now: () => clock.now(),
      newId: sequentialIds(7),
    })
    // Creation order differs from slug order; two pairs share a timestamp, so ties need the id.
    for (const [slug, name] of [
      ['delta', 'Delta Shop'],
      ['alpha', 'Alpha 100% Ltd'],
      ['charlie', 'Charlie'],
      ['bravo', 'Bravo Shop'],
      ['echo', 'Echo_Store'],
    ] as const) {
      const created = await store.create({ slug, name })
      if (!created.ok) throw new Error(`tenant ${slug} not created`)
      if (slug !== 'alpha' && slug !== 'bravo') clock.advance(1000)
    }
    const charlie = await store.getBySlug('charlie')
    if (charlie) await store.disable(charlie.id)
  })
  afterAll(() => testDb.destroy())

  it('sorts by creation time (ties by id) or by slug, either way', async () => {
    await expect(slugsOf({ limit: 10 })).resolves.toEqual([
      'delta',
      'alpha',
      'charlie',
      'bravo',
      'echo',
    ])
    await expect(
      slugsOf({ limit: 10, sort: { field: 'createdAt', direction: 'desc' } }),
    ).resolves.toEqual(['echo', 'bravo', 'charlie', 'alpha', 'delta'])
    await expect(
      slugsOf({ limit: 10, sort: { field: 'slug', direction: 'asc' } }),
    ).resolves.toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo'])
  })

  it('pages with a cursor without skipping or repeating, in both directions', async () => {
    const first = await store.list({ limit: 2 })
    expect(first.tenants.map((tenant) => tenant.slug)).toEqual(['delta', 'alpha'])
    expect(first.next).toEqual({ value: '2026-01-01T00:00:01.000000Z', id: first.tenants[1]?.id })
    await expect(walk({ limit: 2 })).resolves.toEqual([
      'delta',
      'alpha',
      'charlie',
      'bravo',
      'echo',
    ])
    await expect(
      walk({ limit: 2, sort: { field: 'createdAt', direction: 'desc' } }),
    ).resolves.toEqual(['echo', 'bravo', 'charlie', 'alpha', 'delta'])
    await expect(walk({ limit: 3, sort: { field: 'slug', direction: 'desc' } })).resolves.toEqual([
      'echo',
      'delta',
      'charlie',
      'bravo',
      'alpha',
    ])
    const last = await store.list({ limit: 5 })
    expect(last.next).toBeNull()
  })

  it('keeps sub-millisecond timestamps exact in the cursor', async () => {
    await sql`update tenants set created_at = created_at + interval '1 microsecond'
      where slug in ('alpha', 'charlie')`.execute(db)
    await expect(walk({ limit: 1 })).resolves.toEqual([
      'delta',
      'alpha',
      'charlie',
      'bravo',
      'echo',
    ])
    await sql`update tenants set created_at = created_at - interval '1 microsecond'
      where slug in ('alpha', 'charlie')`.execute(db)
  })

  it('filters by active flag and by a literal search on slug or name', async () => {
    await expect(slugsOf({ limit: 10, active: false })).resolves.toEqual(['charlie'])
    await expect(slugsOf({ limit: 10, active: true })).resolves.toEqual([
      'delta',
      'alpha',
      'bravo',
      'echo',
    ])
    await expect(slugsOf({ limit: 10, search: ' SHOP ' })).resolves.toEqual(['delta', 'bravo'])
    await expect(slugsOf({ limit: 10, search: 'LPH' })).resolves.toEqual(['alpha'])
    // `%` and `_` match themselves, not any text.
    await expect(slugsOf({ limit: 10, search: '%' })).resolves.toEqual(['alpha'])
    await expect(slugsOf({ limit: 10, search: 'o_s' })).resolves.toEqual(['echo'])
    await expect(slugsOf({ limit: 10, search: '  ' })).resolves.toHaveLength(5)
    await expect(walk({ limit: 1, active: true, search: 'shop' })).resolves.toEqual([
      'delta',
      'bravo',
    ])
  })

  it('refuses a bad query, including a cursor that does not fit the sort', async () => {
    await expect(store.list({ limit: 0 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'limit', message: 'must be at least 1' }],
    })
    const id = '00000000-0007-7000-8000-000000000001'
    for (const value of ['acme', '2026-02-30T00:00:00Z', '2026-01-01T24:00:00Z']) {
      await expect(store.list({ limit: 2, after: { value, id } })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        issues: [{ path: 'after.value' }],
      })
    }
    await expect(
      store.list({
        limit: 2,
        sort: { field: 'slug', direction: 'asc' },
        after: { value: 'a', id: 'x' },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'after.id' }],
    })
    await expect(
      slugsOf({ limit: 2, sort: { field: 'slug', direction: 'asc' }, after: { value: 'b', id } }),
    ).resolves.toEqual(['bravo', 'charlie'])
  })
})
