import type { PricingService, ProductService } from '@rustok/commerce'

/** What the cart bench's shop holds: a region and the variants of its active products. */
export interface CartBenchShop {
  readonly regionId: string
  readonly variantIds: readonly string[]
}

/**
 * A shop for the cart bench in `tenantId`: an EU region (EUR, 20% in prices) and `count` active
 * products of one variant each, priced in EUR (a base price and a 10-unit tier).
 */
export async function seedCartShop(
  services: { readonly products: ProductService; readonly pricing: PricingService },
  shop: { readonly tenantId: string; readonly count: number },
): Promise<CartBenchShop> {
  const { tenantId } = shop
  const actor = { userId: null }
  const region = await services.pricing.regions.create(
    tenantId,
    { name: 'EU', currency: 'EUR', taxRate: '20', taxIncluded: true },
    actor,
  )
  const variantIds: string[] = []
  for (let i = 0; i < shop.count; i++) {
    const product = await services.products.create(
      tenantId,
      { translations: [{ locale: 'en', title: `Cart bench ${i}` }], variants: [{}] },
      actor,
    )
    await services.products.transition({ tenantId, id: product.id }, 'publish', actor)
    const variantId = product.variants[0]?.id ?? ''
    const ref = { tenantId, variantId }
    await services.pricing.prices.add(ref, { currency: 'EUR', amount: 1000 + i }, actor)
    await services.pricing.prices.add(
      ref,
      { currency: 'EUR', amount: 900 + i, minQuantity: 10 },
      actor,
    )
    variantIds.push(variantId)
  }
  return { regionId: region.id, variantIds }
}
