import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failure, groupingServices } from '../grouping/grouping-test-kit.test-helper'
import { commerceTestDb, type CommerceTestDb } from '../testing/commerce-test-db.test-helper'

const actor = { userId: randomUUID() }
const labels = (...names: string[]) =>
  names.map((label) => ({ translations: [{ locale: 'en', label }] }))

describe('product options', () => {
  let t: CommerceTestDb
  let s: ReturnType<typeof groupingServices>
  beforeAll(async () => {
    t = await commerceTestDb()
    s = groupingServices(t.db)
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('adds an option: existing variants take its first value, and new combinations can follow', async () => {
    const tenantId = randomUUID()
    const shirt = await s.products.create(
      tenantId,
      {
        translations: [{ locale: 'en', title: 'Shirt' }],
        options: [{ translations: [{ locale: 'en', name: 'Size' }], values: labels('S', 'M') }],
      },
      actor,
    )
    const withColour = await s.products.addOption(
      { tenantId, id: shirt.id },
      { translations: [{ locale: 'en', name: 'Colour' }], values: labels('White', 'Blue') },
      actor,
    )
    const [size, colour] = withColour.options
    const white = colour?.values[0]?.id ?? ''
    const blue = colour?.values[1]?.id ?? ''
    expect(withColour.variants.map((v) => v.valueIds)).toEqual(
      size?.values.map((value) => [value.id, white]),
    )
    // The combination keys follow: a blue S is new, a white S exists.
    const added = await s.products.addVariant(
      { tenantId, id: shirt.id },
      { valueIds: [size?.values[0]?.id ?? '', blue] },
      actor,
    )
    expect(added.variants).toHaveLength(3)
    expect(
      (
        await failure(
          s.products.addVariant(
            { tenantId, id: shirt.id },
            { valueIds: [size?.values[0]?.id ?? '', white] },
            actor,
          ),
        )
      ).code,
    ).toBe('CONFLICT')
  })

  it('renames, appends and removes values; a used value and a foreign option are refused', async () => {
    const tenantId = randomUUID()
    const mug = await s.products.create(
      tenantId,
      {
        translations: [{ locale: 'en', title: 'Mug' }],
        options: [{ translations: [{ locale: 'en', name: 'Size' }], values: labels('S', 'M') }],
        variants: [{ values: [0] }],
      },
      actor,
    )
    const option = mug.options[0]
    const [small, medium] = option?.values ?? []
    const ref = { tenantId, id: mug.id, optionId: option?.id ?? '' }
    const changed = await s.products
      .updateOption(
        ref,
        {
          translations: [{ locale: 'ru', name: 'Размер' }],
          rename: [
            { valueId: medium?.id ?? '', translations: [{ locale: 'en', label: 'Medium' }] },
          ],
          addValues: labels('L'),
          removeValueIds: [medium?.id ?? ''],
        },
        actor,
      )
      .catch((error: unknown) => error)
    // Renaming and removing the same value in one change: it is removed.
    expect(changed).toMatchObject({ options: [{ values: [{ id: small?.id }, {}] }] })
    const values = (await s.products.get({ tenantId, id: mug.id })).options[0]?.values ?? []
    expect(values.map((v) => v.translations[0]?.label)).toEqual(['S', 'L'])
    expect((await s.products.get({ tenantId, id: mug.id })).options[0]?.translations).toEqual([
      { locale: 'en', name: 'Size' },
      { locale: 'ru', name: 'Размер' },
    ])
    expect(
      await failure(s.products.updateOption(ref, { removeValueIds: [small?.id ?? ''] }, actor)),
    ).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'removeValueIds.0' }] })
    expect(
      (await failure(s.products.updateOption({ ...ref, tenantId: randomUUID() }, {}, actor))).code,
    ).toBe('NOT_FOUND')
    const other = await s.products.create(
      tenantId,
      { translations: [{ locale: 'en', title: 'Cup' }] },
      actor,
    )
    expect((await failure(s.products.updateOption({ ...ref, id: other.id }, {}, actor))).code).toBe(
      'NOT_FOUND',
    )
    const types = (await t.events(tenantId)).map((e) => e.type)
    expect(types.filter((type) => type === 'product.updated')).toHaveLength(1)
  })
})
