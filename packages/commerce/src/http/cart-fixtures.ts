import type { MatrixTenant } from '@rustok/http'
import type { CommerceServices } from './commerce-module'

/**
 * Real rows of each side's tenant for the cross-tenant matrix: a promotion, a shipping option of
 * the side's region, a guest's cart holding the side's variant and the code, and an address of the
 * side's admin. `base` is what {@link commerceMatrixFixtures} made (the region and variant).
 */
export async function cartMatrixFixtures(
  services: CommerceServices,
  tenant: MatrixTenant,
  base: Readonly<Record<string, Readonly<Record<string, string>>>>,
): Promise<Record<string, Record<string, string>>> {
  const { tenantId, side } = tenant
  const actor = { userId: tenant.adminId }
  const regionId = base['regions']?.['id'] ?? ''
  const variantId = base['variants']?.['variantId'] ?? ''
  const code = `MATRIX-${side.toUpperCase()}`
  const promotion = await services.promotions.create(
    tenantId,
    { code, type: 'percentage', percent: '10' },
    actor,
  )
  const shipping = await services.shippingOptions.create(
    tenantId,
    { regionId, name: `Matrix ${side}`, amount: 500 },
    actor,
  )
  const guest = { tenantId, customerId: null }
  const cart = await services.carts.create(
    guest,
    { regionId, email: `matrix@${side}.test`, lines: [{ variantId, quantity: 1 }] },
    { userId: null },
  )
  await services.carts.addCode({ ...guest, cartId: cart.id }, { code }, { userId: null })
  const address = await services.customerAddresses.create(
    { tenantId, customerId: tenant.adminId },
    {
      firstName: 'Matrix',
      lastName: side,
      line1: '1 Test Street',
      city: 'Berlin',
      countryCode: 'DE',
    },
  )
  return {
    carts: { id: cart.id },
    lines: { lineId: cart.lines[0]?.id ?? '' },
    'discount-codes': { code },
    promotions: { id: promotion.id },
    'shipping-options': { id: shipping.id },
    addresses: { id: address.id },
  }
}
