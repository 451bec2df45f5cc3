import type { CommerceActor } from '../index'
import type { CommerceServices } from './commerce-module'

const SEED_ACTOR: CommerceActor = { userId: null }

type Texts = { readonly en: string; readonly ru: string }
interface SeedProduct {
  readonly title: Texts
  readonly description: Texts
  /** Option name and its values, each in English and Russian. */
  readonly options: readonly { readonly name: Texts; readonly values: readonly Texts[] }[]
  /** Unit prices in minor units: EUR (tax included) and USD (tax added). */
  readonly eur: number
  readonly usd: number
  readonly stock: number
}

const SIZES: readonly Texts[] = ['S', 'M', 'L'].map((size) => ({ en: size, ru: size }))

const CATALOGUE: readonly SeedProduct[] = [
  {
    title: { en: 'Classic T-shirt', ru: 'Классическая футболка' },
    description: { en: 'Organic cotton, regular fit.', ru: 'Органический хлопок, прямой крой.' },
    options: [
      { name: { en: 'Size', ru: 'Размер' }, values: SIZES },
      {
        name: { en: 'Colour', ru: 'Цвет' },
        values: [
          { en: 'Black', ru: 'Чёрный' },
          { en: 'White', ru: 'Белый' },
        ],
      },
    ],
    eur: 2500,
    usd: 2800,
    stock: 40,
  },
  {
    title: { en: 'Hoodie', ru: 'Худи' },
    description: { en: 'Warm, with a kangaroo pocket.', ru: 'Тёплое, с карманом-кенгуру.' },
    options: [{ name: { en: 'Size', ru: 'Размер' }, values: SIZES }],
    eur: 5900,
    usd: 6500,
    stock: 15,
  },
  {
    title: { en: 'Coffee mug', ru: 'Кружка для кофе' },
    description: { en: 'Stoneware, 350 ml.', ru: 'Керамика, 350 мл.' },
    options: [],
    eur: 1200,
    usd: 1400,
    stock: 3,
  },
]

const both = (texts: Texts) => ({ en: texts.en, ru: texts.ru })

/**
 * The demo tenant's shop: two regions in two currencies (EU in EUR with 20 % VAT included, US in
 * USD with sales tax added), three active products with variants, prices in both currencies, a
 * winter sale on the mug in euros, stock in one warehouse, flat-rate shipping in each region and a
 * welcome code (10 % off, once per customer).
 */
export async function seedDemoCatalogue(
  services: CommerceServices,
  tenantId: string,
): Promise<void> {
  const { products, pricing, inventory } = services
  const actor = SEED_ACTOR
  const europe = await pricing.regions.create(
    tenantId,
    {
      name: 'Europe',
      currency: 'EUR',
      countries: ['DE', 'FR', 'IT', 'ES', 'NL'],
      taxRate: '20',
      taxIncluded: true,
    },
    actor,
  )
  const unitedStates = await pricing.regions.create(
    tenantId,
    {
      name: 'United States',
      currency: 'USD',
      countries: ['US'],
      taxRate: '7.25',
      taxIncluded: false,
    },
    actor,
  )
  const shipping: readonly [string, string, number][] = [
    [europe.id, 'Standard', 490],
    [europe.id, 'Express', 990],
    [unitedStates.id, 'Ground', 795],
  ]
  for (const [regionId, name, amount] of shipping)
    await services.shippingOptions.create(tenantId, { regionId, name, amount }, actor)
  await services.promotions.create(
    tenantId,
    { code: 'WELCOME10', type: 'percentage', percent: '10', perCustomerLimit: 1 },
    actor,
  )
  const sale = await pricing.priceLists.create(
    tenantId,
    { name: 'Winter sale', type: 'sale', status: 'active' },
    actor,
  )
  const warehouse = await inventory.createLocation(tenantId, { name: 'Main warehouse' })
  for (const item of CATALOGUE) {
    const title = both(item.title)
    const description = both(item.description)
    const product = await products.create(
      tenantId,
      {
        translations: (['en', 'ru'] as const).map((locale) => ({
          locale,
          title: title[locale],
          description: description[locale],
        })),
        options: item.options.map((option) => ({
          translations: (['en', 'ru'] as const).map((locale) => ({
            locale,
            name: option.name[locale],
          })),
          values: option.values.map((value) => ({
            translations: (['en', 'ru'] as const).map((locale) => ({
              locale,
              label: value[locale],
            })),
          })),
        })),
      },
      actor,
    )
    for (const variant of product.variants) {
      const ref = { tenantId, variantId: variant.id }
      await pricing.prices.add(ref, { currency: 'EUR', amount: item.eur }, actor)
      await pricing.prices.add(ref, { currency: 'USD', amount: item.usd }, actor)
      if (item.options.length === 0)
        await pricing.prices.add(
          ref,
          { currency: 'EUR', amount: item.eur - 300, priceListId: sale.id },
          actor,
        )
      await inventory.adjust(
        { ...ref, locationId: warehouse.id },
        { delta: item.stock, reason: 'Opening stock' },
        actor,
      )
    }
    await products.transition({ tenantId, id: product.id }, 'publish', actor)
  }
}
