import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IndexEntity } from '../index-tables'
import { readContentDocuments, readProductDocuments } from '../projection/document-reads'
import { EN_RU, indexTestDb, SOURCES, type IndexTestDb } from '../testing/index-test-db.test-helper'
import { rebuildIndex, rebuildStatus } from './rebuild'

const actor = { userId: null, scope: 'all' as const }
const buyer = { userId: randomUUID() }

type Command =
  | { op: 'node'; published: boolean; title: string; ru: boolean }
  | { op: 'retitle'; i: number; title: string }
  | { op: 'publish' | 'unpublish' | 'deleteNode'; i: number }
  | { op: 'tag' | 'categorise'; i: number }
  | { op: 'renameCategory'; name: string }
  | { op: 'product'; title: string; amount: number }
  | { op: 'price'; i: number; amount: number; compareAt: number | null }
  | { op: 'stock'; i: number; delta: number }
  | { op: 'publishProduct' | 'archiveProduct'; i: number }
  | { op: 'drain' }

const word = fc.constantFrom('alpha', 'beta', 'gamma', 'дом', 'книга', 'delta')
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant('node' as const),
    published: fc.boolean(),
    title: word,
    ru: fc.boolean(),
  }),
  fc.record({ op: fc.constant('retitle' as const), i: fc.nat(5), title: word }),
  fc.record({
    op: fc.constantFrom('publish' as const, 'unpublish' as const, 'deleteNode' as const),
    i: fc.nat(5),
  }),
  fc.record({ op: fc.constantFrom('tag' as const, 'categorise' as const), i: fc.nat(5) }),
  fc.record({ op: fc.constant('renameCategory' as const), name: word }),
  fc.record({
    op: fc.constant('product' as const),
    title: word,
    amount: fc.integer({ min: 1, max: 20_000 }),
  }),
  fc.record({
    op: fc.constant('price' as const),
    i: fc.nat(5),
    amount: fc.integer({ min: 1, max: 20_000 }),
    compareAt: fc.option(fc.integer({ min: 20_000, max: 30_000 })),
  }),
  fc.record({
    op: fc.constant('stock' as const),
    i: fc.nat(5),
    delta: fc.integer({ min: -3, max: 5 }),
  }),
  fc.record({
    op: fc.constantFrom('publishProduct' as const, 'archiveProduct' as const),
    i: fc.nat(5),
  }),
)

async function snapshot(t: IndexTestDb, tenantId: string, entity: IndexEntity) {
  const { active: generation } = await rebuildStatus(t.db, { tenantId, entity })
  return entity === 'content'
    ? readContentDocuments(t.db, { tenantId, generation })
    : readProductDocuments(t.db, { tenantId, generation })
}

/** Runs the commands; a refusal (an invalid transition, stock below zero, …) is part of the game. */
async function run(t: IndexTestDb, tenantId: string, commands: readonly Command[]) {
  const nodes: string[] = []
  const products: { id: string; variantId: string }[] = []
  const location = await t.inventory.createLocation(tenantId, { name: 'Main' })
  const category = await t.categories.create(
    tenantId,
    { translations: [{ locale: 'en', name: 'Topic' }] },
    actor,
  )
  const tag = await t.tags.create(
    tenantId,
    { translations: [{ locale: 'ru', name: 'Метка' }] },
    actor,
  )
  const pick = <T>(list: readonly T[], i: number) =>
    list.length ? list[i % list.length] : undefined
  for (const c of commands) {
    try {
      const node = 'i' in c ? pick(nodes, c.i) : undefined
      const product = 'i' in c ? pick(products, c.i) : undefined
      const ref = (id: string) => ({ tenantId, id })
      switch (c.op) {
        case 'node': {
          const created = await t.nodes.create(
            tenantId,
            {
              kind: 'article',
              status: c.published ? 'published' : 'draft',
              translations: [{ locale: c.ru ? 'ru' : 'en', title: `${c.title} ${nodes.length}` }],
              bodies: [
                { locale: c.ru ? 'ru' : 'en', format: 'markdown', body: `Body *${c.title}*` },
              ],
            },
            actor,
          )
          nodes.push(created.id)
          break
        }
        case 'retitle':
          if (node)
            await t.nodes.patch(
              ref(node),
              { translations: [{ locale: 'en', title: c.title }] },
              actor,
            )
          break
        case 'publish':
        case 'unpublish':
          if (node) await t.nodes.transition(ref(node), c.op, actor)
          break
        case 'deleteNode':
          if (node) await t.nodes.delete(ref(node), actor)
          break
        case 'tag':
          if (node) await t.tags.attach({ node: ref(node), tagId: tag.id }, actor)
          break
        case 'categorise':
          if (node) await t.nodes.patch(ref(node), { categoryId: category.id }, actor)
          break
        case 'renameCategory':
          await t.categories.patch(
            ref(category.id),
            { translations: [{ locale: 'en', name: c.name }] },
            actor,
          )
          break
        case 'product': {
          const created = await t.products.create(
            tenantId,
            { translations: [{ locale: 'en', title: `${c.title} ${products.length}` }] },
            buyer,
          )
          products.push({ id: created.id, variantId: created.variants[0]!.id })
          await t.pricing.prices.add(
            { tenantId, variantId: created.variants[0]!.id },
            { currency: 'EUR', amount: c.amount },
            buyer,
          )
          break
        }
        case 'price':
          if (product)
            await t.pricing.prices.add(
              { tenantId, variantId: product.variantId },
              {
                currency: 'USD',
                amount: c.amount,
                compareAt: c.compareAt,
                minQuantity: 1 + products.length,
              },
              buyer,
            )
          break
        case 'stock':
          if (product)
            await t.inventory.adjust(
              { tenantId, variantId: product.variantId, locationId: location.id },
              { delta: c.delta },
              buyer,
            )
          break
        case 'publishProduct':
          if (product) await t.products.transition(ref(product.id), 'publish', buyer)
          break
        case 'archiveProduct':
          if (product) await t.products.transition(ref(product.id), 'archive', buyer)
          break
        case 'drain':
          await t.drain()
          break
      }
    } catch (error) {
      const name = (error as Error).name
      if (name !== 'ContentError' && name !== 'CommerceError') throw error
    }
  }
}

describe('the live projection equals a rebuild', () => {
  let t: IndexTestDb
  beforeAll(async () => {
    t = await indexTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('after random command sequences, the documents are what a fresh rebuild writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        const tenantId = randomUUID()
        await run(t, tenantId, commands)
        await t.drain()
        for (const entity of ['content', 'products'] as const) {
          const live = await snapshot(t, tenantId, entity)
          const status = await rebuildIndex(
            { db: t.db, sources: SOURCES, locales: EN_RU },
            { tenantId, entity, batchSize: 3 },
          )
          expect(status.active).toBe(1)
          expect(await snapshot(t, tenantId, entity)).toEqual(live)
        }
      }),
      {
        numRuns: 6,
        // One sequence that touches every path of the projection, beside the random ones.
        examples: [
          [
            [
              { op: 'node', published: true, title: 'alpha', ru: false },
              { op: 'node', published: false, title: 'книга', ru: true },
              { op: 'node', published: true, title: 'дом', ru: true },
              { op: 'categorise', i: 0 },
              { op: 'tag', i: 1 },
              { op: 'drain' },
              { op: 'renameCategory', name: 'gamma' },
              { op: 'retitle', i: 1, title: 'beta' },
              { op: 'product', title: 'delta', amount: 500 },
              { op: 'drain' },
              { op: 'price', i: 0, amount: 100, compareAt: 25_000 },
              { op: 'stock', i: 0, delta: 4 },
              { op: 'publishProduct', i: 0 },
              { op: 'deleteNode', i: 2 },
            ],
          ],
        ],
      },
    )
  }, 300_000)
})
