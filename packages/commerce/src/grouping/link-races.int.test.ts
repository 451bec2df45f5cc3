import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCommerceError } from '../commerce-error'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { groupingServices } from './grouping-test-kit.test-helper'

const actor = { userId: randomUUID() }

/** `ok`, a CommerceError's code, or `untyped <SQLSTATE>` (a deadlock would be `untyped 40P01`). */
const outcomeOf = (result: PromiseSettledResult<unknown>): string =>
  result.status === 'fulfilled'
    ? 'ok'
    : isCommerceError(result.reason)
      ? result.reason.code
      : `untyped ${String((result.reason as { code?: string }).code ?? result.reason)}`

// Truly parallel on PostgreSQL (a pool of connections); PGlite serialises them.
describe('links racing deletes of what they link to', () => {
  let t: CommerceTestDb
  let s: ReturnType<typeof groupingServices>
  beforeAll(async () => {
    t = await commerceTestDb()
    s = groupingServices(t.db)
    console.info(`[commerce] link races on ${t.testDb.driver}`)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('a collection update naming a product racing that product’s delete: typed outcomes only', async () => {
    const tenantId = randomUUID()
    const outcomes = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        const product = await s.products.create(
          tenantId,
          { translations: [{ locale: 'en', title: `Race ${i}` }] },
          actor,
        )
        const collection = await s.collections.create(
          tenantId,
          { translations: [{ locale: 'en', title: `Race ${i}` }], productIds: [product.id] },
          actor,
        )
        const settled = await Promise.allSettled([
          s.collections.update(
            { tenantId, id: collection.id },
            { productIds: [product.id] },
            actor,
          ),
          s.products.delete({ tenantId, id: product.id }, actor),
        ])
        return settled.map(outcomeOf)
      }),
    )
    expect(outcomes.flat().filter((o) => o.startsWith('untyped'))).toEqual([])
  })

  it('a product update naming a category racing that category’s delete: typed outcomes only', async () => {
    const tenantId = randomUUID()
    const outcomes = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        const category = await s.categories.create(
          tenantId,
          { translations: [{ locale: 'en', name: `Race ${i}` }] },
          actor,
        )
        const product = await s.products.create(
          tenantId,
          { translations: [{ locale: 'en', title: `Race ${i}` }], categoryIds: [category.id] },
          actor,
        )
        const settled = await Promise.allSettled([
          s.products.update({ tenantId, id: product.id }, { categoryIds: [category.id] }, actor),
          s.categories.delete({ tenantId, id: category.id }, actor),
        ])
        return settled.map(outcomeOf)
      }),
    )
    expect(outcomes.flat().filter((o) => o.startsWith('untyped'))).toEqual([])
  })
})
