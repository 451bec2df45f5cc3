import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProductStatus } from '../commerce-tables'
import { isCommerceError } from '../commerce-error'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { PRODUCT_TRANSITIONS, type ProductTransition } from './product-status'

const actor = { userId: randomUUID() }
type Command = ProductTransition | 'delete'

/** The model: the status after a command, `'gone'` after a delete, or `null` when refused. */
function modelStep(status: ProductStatus, command: Command): ProductStatus | 'gone' | null {
  if (command === 'delete') return status === 'active' ? null : 'gone'
  const rule = PRODUCT_TRANSITIONS[command]
  return (rule.from as readonly ProductStatus[]).includes(status) ? rule.to : null
}

describe('the product state machine under random command sequences', () => {
  let t: CommerceTestDb
  beforeAll(async () => {
    t = await commerceTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('reaches only the states of the model, refuses the rest with typed errors, loses no event', async () => {
    const products = t.products()
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Command>('publish', 'archive', 'restore', 'delete'), {
          maxLength: 10,
        }),
        async (commands) => {
          const tenantId = randomUUID()
          const { id } = await products.create(
            tenantId,
            { translations: [{ locale: 'en', title: 'Lamp' }] },
            actor,
          )
          let status: ProductStatus | 'gone' = 'draft'
          const expected = ['product.created', 'variant.created']
          for (const command of commands) {
            if (status === 'gone') break
            const next = modelStep(status, command)
            const ref = { tenantId, id }
            const run =
              command === 'delete'
                ? products.delete(ref, actor)
                : products.transition(ref, command, actor)
            const outcome = await run.then(
              () => 'ok',
              (error: unknown) => (isCommerceError(error) ? error.code : String(error)),
            )
            if (next === null) {
              expect(outcome).toBe(command === 'delete' ? 'CONFLICT' : 'INVALID_TRANSITION')
              continue
            }
            expect(outcome).toBe('ok')
            status = next
            expected.push(
              command === 'delete'
                ? 'product.deleted'
                : {
                    publish: 'product.published',
                    archive: 'product.archived',
                    restore: 'product.restored',
                  }[command],
            )
          }
          if (status === 'gone')
            expect(
              await products.get({ tenantId, id }).then(
                () => 'found',
                (error: unknown) => (isCommerceError(error) ? error.code : 'other'),
              ),
            ).toBe('NOT_FOUND')
          else expect((await products.get({ tenantId, id })).status).toBe(status)
          expect((await t.events(tenantId)).map((e) => e.type)).toEqual(expected)
        },
      ),
      { numRuns: 25 },
    )
  }, 120_000)

  it('answers any input to create with a product or a typed input error, never anything else', async () => {
    const products = t.products()
    const tenantId = randomUUID()
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constant(''), fc.constant('Привет, мир'))
    const input = fc.record(
      {
        translations: fc.oneof(
          fc.array(
            fc.record({ locale: fc.constantFrom('en', 'ru', 'xx-', '', 'pt-BR'), title: text }),
            {
              maxLength: 3,
            },
          ),
          fc.anything(),
        ),
        options: fc.oneof(fc.constant(undefined), fc.anything()),
        variants: fc.oneof(
          fc.constant(undefined),
          fc.array(fc.record({ sku: text }), { maxLength: 3 }),
        ),
        weight: fc.oneof(fc.integer(), fc.double(), fc.constant(null)),
        originCountry: fc.oneof(fc.constant('DE'), text),
        tags: fc.oneof(fc.constant(undefined), fc.array(text, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        const outcome = await products.create(tenantId, raw as never, actor).then(
          () => 'ok',
          (error: unknown) => (isCommerceError(error) ? error.code : `untyped: ${String(error)}`),
        )
        expect(['ok', 'INVALID_INPUT', 'CONFLICT']).toContain(outcome)
      }),
      { numRuns: 150 },
    )
  }, 120_000)
})
