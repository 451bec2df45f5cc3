import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { treeOrder, type CategoryRow } from './category-rows'

const row = (id: string, parentId: string | null, position: number): CategoryRow => ({
  id,
  tenant_id: 't',
  parent_id: parentId,
  position,
  depth: 0,
  node_count: 0,
  created_at: new Date(0),
  updated_at: new Date(0),
})

/** A random forest: each category's parent is an earlier one, or none. */
const forest = fc
  .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 })), { maxLength: 40 })
  .map((items) =>
    items.map(([parent, position], index) =>
      row(
        `c${String(index).padStart(2, '0')}`,
        index === 0 || parent % 3 === 0 ? null : `c${String(parent % index).padStart(2, '0')}`,
        position,
      ),
    ),
  )

describe('treeOrder (property)', () => {
  it('lists every category once, each after its parent, siblings by position then id', () => {
    fc.assert(
      fc.property(forest, fc.boolean(), (rows, shuffle) => {
        const input = shuffle ? [...rows].reverse() : rows
        const ordered = treeOrder(input)
        expect(ordered.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort())
        const at = new Map(ordered.map((r, index) => [r.id, index]))
        for (const r of ordered) {
          if (r.parent_id !== null) expect(at.get(r.parent_id)).toBeLessThan(at.get(r.id) ?? -1)
        }
        // Depth first: a category's subtree follows it without interruption.
        for (const [index, r] of ordered.entries()) {
          let end = index + 1
          const inside = new Set([r.id])
          while (end < ordered.length && inside.has(ordered[end]?.parent_id ?? '')) {
            inside.add(ordered[end]?.id ?? '')
            end++
          }
          const size = ordered.filter((x) => {
            for (let p: string | null = x.id; p !== null;) {
              if (p === r.id) return true
              p = rows.find((y) => y.id === p)?.parent_id ?? null
            }
            return false
          }).length
          expect(end - index).toBe(size)
        }
        const siblings = (parent: string | null) => ordered.filter((r) => r.parent_id === parent)
        for (const parent of [null, ...rows.map((r) => r.id)]) {
          const list = siblings(parent)
          for (let i = 1; i < list.length; i++) {
            const [a, b] = [list[i - 1] as CategoryRow, list[i] as CategoryRow]
            expect(a.position < b.position || (a.position === b.position && a.id < b.id)).toBe(true)
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it('leaves out a category whose parent is missing (a cut tree), with its subtree', () => {
    const rows = [row('a', null, 0), row('b', 'gone', 0), row('c', 'b', 0)]
    expect(treeOrder(rows).map((r) => r.id)).toEqual(['a'])
  })
})
