import { createTestDb } from '@rustok/test-utils'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import {
  escapeLike,
  exactTimestamp,
  isExactInstant,
  keysetAfter,
  type KeysetPosition,
} from './keyset'

describe('keyset helpers', () => {
  it('accepts only instants PostgreSQL compares exactly', () => {
    expect(isExactInstant('2026-11-22T06:28:09.123456Z')).toBe(true)
    expect(isExactInstant('2026-11-22T06:28:09Z')).toBe(true)
    expect(isExactInstant('2026-11-22T06:28:09.1234567Z')).toBe(false)
    expect(isExactInstant('2026-02-30T00:00:00Z')).toBe(false)
    expect(isExactInstant('2026-11-22T24:00:00Z')).toBe(false)
    expect(isExactInstant('2026-11-22 06:28:09Z')).toBe(false)
  })

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_off\\')).toBe('50\\%\\_off\\\\')
  })

  it('pages rows with microsecond timestamps one at a time, each exactly once, both ways', async () => {
    const testDb = await createTestDb<{ item: { id: string; at: Date } }>({ modules: [] })
    try {
      const { db } = testDb
      await sql`create table item (id uuid primary key, at timestamptz not null)`.execute(db)
      // Timestamps a JS Date cannot hold: three rows within one millisecond, one tie.
      await sql`insert into item values
        ('00000000-0000-4000-8000-000000000001', '2026-01-01T00:00:00.000100Z'),
        ('00000000-0000-4000-8000-000000000002', '2026-01-01T00:00:00.000200Z'),
        ('00000000-0000-4000-8000-000000000003', '2026-01-01T00:00:00.000200Z'),
        ('00000000-0000-4000-8000-000000000004', '2026-01-01T00:00:00.000900Z')`.execute(db)
      for (const direction of ['asc', 'desc'] as const) {
        const seen: string[] = []
        let position: KeysetPosition | undefined
        for (;;) {
          const rows = await db
            .selectFrom('item')
            .select(['id', exactTimestamp('at').as('exact')])
            .where(keysetAfter({ column: 'at', direction, position }))
            .orderBy('at', direction)
            .orderBy('id', direction)
            .limit(1)
            .execute()
          const row = rows[0]
          if (!row) break
          seen.push(row.id.slice(-1))
          position = { value: row.exact, id: row.id, timestamp: true }
        }
        expect(seen).toEqual(direction === 'asc' ? ['1', '2', '3', '4'] : ['4', '3', '2', '1'])
      }
    } finally {
      await testDb.destroy()
    }
  })
})
