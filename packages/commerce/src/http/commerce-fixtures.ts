import type { MatrixTenant } from '@rustok/http'
import type { CommerceServices } from './commerce-module'

/**
 * Real rows of each side's tenant for the cross-tenant matrix: an active product (its id, variant
 * and handle), a collection and a category, a region, a price list, a price, a location with a stocked level and a reservation.
 */
export async function commerceMatrixFixtures(
  services: CommerceServices,
  tenant: MatrixTenant,
): Promise<Record<string, Record<string, string>>> {
  const { tenantId, side } = tenant
  const actor = { userId: tenant.adminId }
  const handle = `matrix-${side}`
  const product = await services.products.create(
    tenantId,
    { translations: [{ locale: 'en', title: `Matrix ${side}`, handle }], variants: [{}] },
    actor,
  )
  await services.products.transition({ tenantId, id: product.id }, 'publish', actor)
  const withOption = await services.products.addOption(
    { tenantId, id: product.id },
    {
      translations: [{ locale: 'en', name: 'Finish' }],
      values: [{ translations: [{ locale: 'en', label: 'Matte' }] }],
    },
    actor,
  )
  const variantId = product.variants[0]?.id ?? ''
  const { pricing, inventory } = services
  const region = await pricing.regions.create(
    tenantId,
    { name: `Matrix ${side}`, currency: 'EUR' },
    actor,
  )
  const list = await pricing.priceLists.create(
    tenantId,
    { name: `Matrix ${side}`, type: 'sale' },
    actor,
  )
  const price = await pricing.prices.add(
    { tenantId, variantId },
    { currency: 'EUR', amount: 1000 },
    actor,
  )
  const location = await inventory.createLocation(tenantId, { name: `Matrix ${side}` })
  const level = { tenantId, variantId, locationId: location.id }
  await inventory.adjust(level, { delta: 10 }, actor)
  const reservation = await inventory.reserve(
    level,
    { quantity: 1, reference: `matrix-${side}`, expiresAt: new Date(Date.now() + 86_400_000) },
    actor,
  )
  const collection = await services.collections.create(
    tenantId,
    { translations: [{ locale: 'en', title: `Matrix ${side}`, handle }], productIds: [product.id] },
    actor,
  )
  const category = await services.categories.create(
    tenantId,
    { translations: [{ locale: 'en', name: `Matrix ${side}`, handle }] },
    actor,
  )
  return {
    products: { id: product.id, handle },
    options: { optionId: withOption.options[0]?.id ?? '' },
    collections: { id: collection.id, handle },
    'product-categories': { id: category.id },
    variants: { variantId },
    regions: { id: region.id },
    'price-lists': { id: list.id },
    prices: { id: price.id },
    locations: { id: location.id },
    inventory: { variantId, locationId: location.id },
    reservations: { id: reservation.id },
  }
}
