import type { MatrixTenant } from '@rustok/http'
import type { CheckoutService, CartService } from '../index'

/**
 * A real order of each side's tenant for the cross-tenant matrix: a cart of the side's admin (as
 * a customer, like the address fixture) with the side's variant, checked out with the manual
 * provider. `base` is what the catalogue fixtures made (the region and variant).
 */
export async function orderMatrixFixtures(
  services: { readonly carts: CartService; readonly checkout: CheckoutService },
  tenant: MatrixTenant,
  base: Readonly<Record<string, Readonly<Record<string, string>>>>,
): Promise<Record<string, Record<string, string>>> {
  const { tenantId, side } = tenant
  const customerId = tenant.adminId
  const cart = await services.carts.create(
    { tenantId, customerId },
    {
      regionId: base['regions']?.['id'] ?? '',
      email: `orders@${side}.test`,
      lines: [{ variantId: base['variants']?.['variantId'] ?? '', quantity: 1 }],
    },
    { userId: customerId },
  )
  const { order } = await services.checkout.complete({
    tenantId,
    cartId: cart.id,
    customerId,
    actor: { userId: customerId },
  })
  return { orders: { id: order.id } }
}
