import { translationCandidates } from '@rustok/core-tenant'
import { tenancyModule } from '@rustok/core-tenant/http'
import { defineErrorCodes, defineServerModule, errorRow, type ServerModule } from '@rustok/http'
import {
  commerceEvents,
  commerceMigrations,
  createInventoryService,
  createPricingService,
  createProductService,
  createStorefrontService,
  createCollectionService,
  createProductCategoryService,
  createCartService,
  createCheckoutService,
  createOrderService,
  type CheckoutService,
  type OrderService,
  createCustomerAddressService,
  createPromotionService,
  createShippingOptionService,
  type CartService,
  type CustomerAddressService,
  type PromotionService,
  type ShippingOptionService,
  type CollectionService,
  type ProductCategoryService,
  type InventoryService,
  type LocaleChain,
  type PricingService,
  type ProductService,
  type StorefrontService,
} from '../index'
import { cartMatrixFixtures } from './cart-fixtures'
import { cartRoutes } from './cart-routes'
import { checkoutRoutes, type CheckoutAuth } from './checkout-routes'
import { orderMatrixFixtures } from './order-fixtures'
import { orderRoutes } from './order-routes'
import { commerceMatrixFixtures } from './commerce-fixtures'
import { customerAddressRoutes } from './customer-address-routes'
import { promotionRoutes } from './promotion-routes'
import type { ShopperTokens } from './shopper'
import { mediaLookup, type ContentMediaServices } from './content-media'
import { seedDemoCatalogue } from './commerce-seed'
import { collectionRoutes, categoryRoutes } from './grouping-routes'
import { inventoryRoutes } from './inventory-routes'
import { pricingRoutes } from './pricing-routes'
import { productEditRoutes } from './product-edit-routes'
import { productRoutes } from './product-routes'
import { storeGroupingRoutes } from './store-grouping-routes'
import { storeRoutes } from './store-routes'

/** The commerce module's own error codes, beside the shared ones. */
const COMMERCE_ERRORS = defineErrorCodes({
  INVALID_TRANSITION: errorRow(409, 'Invalid Transition'),
  INSUFFICIENT_INVENTORY: errorRow(422, 'Insufficient Inventory'),
  PROMOTION_NOT_APPLICABLE: errorRow(422, 'Promotion Not Applicable'),
  PAYMENT_DECLINED: errorRow(402, 'Payment Declined'),
  PAYMENT_FAILED: errorRow(502, 'Payment Failed'),
})

/** What the commerce module gives other modules (checkout, the index). */
export interface CommerceServices {
  readonly products: ProductService
  readonly inventory: InventoryService
  readonly pricing: PricingService
  readonly storefront: StorefrontService
  readonly collections: CollectionService
  readonly categories: ProductCategoryService
  readonly carts: CartService
  readonly promotions: PromotionService
  readonly shippingOptions: ShippingOptionService
  readonly customerAddresses: CustomerAddressService
  readonly orders: OrderService
  readonly checkout: CheckoutService
}

/**
 * The commerce module: products, variants, regions, prices, inventory and reservations; admin
 * routes under `/api/commerce/…` and storefront reads under `/api/store/…`. Tenants enable it.
 */
export const commerceModule: ServerModule<undefined, CommerceServices> = defineServerModule({
  name: 'commerce',
  description: 'Products, variants, prices, inventory, carts and orders.',
  toggleable: true,
  dependsOn: ['tenancy'],
  migrations: [commerceMigrations],
  events: commerceEvents,
  permissions: [
    'products:create',
    'products:read',
    'products:update',
    'products:delete',
    'products:list',
    'settings:create',
    'settings:read',
    'settings:update',
    'settings:delete',
    'settings:list',
    'inventory:create',
    'inventory:read',
    'inventory:update',
    'inventory:list',
    'discounts:create',
    'discounts:read',
    'discounts:update',
    'discounts:delete',
    'discounts:list',
    'orders:read',
    'orders:update',
    'orders:list',
  ],
  errors: { codes: COMMERCE_ERRORS, errorNames: ['CommerceError'] },
  setup: (core) => {
    const { tenantCache, localeCache } = core.use(tenancyModule)
    // Both lookups are cached (and invalidated on change) by the tenancy module.
    const locales: LocaleChain = async (tenantId, requested) => {
      const [tenant, enabled] = await Promise.all([
        tenantCache.find({ kind: 'uuid', value: tenantId }),
        localeCache.get(tenantId),
      ])
      return translationCandidates(requested, {
        fallbacks: new Map(enabled.map((locale) => [locale.code, locale.fallback])),
        defaultLocale: tenant?.defaultLocale ?? 'en',
      })
    }
    const media = mediaLookup(core.find<ContentMediaServices>('content'))
    const deps = {
      db: core.db,
      events: core.outbox,
      now: core.now,
      newId: core.newId,
      locales,
      ...(media ? { media } : {}),
    }
    const services: CommerceServices = {
      products: createProductService(deps),
      inventory: createInventoryService(deps),
      pricing: createPricingService(deps),
      storefront: createStorefrontService(deps),
      collections: createCollectionService(deps),
      categories: createProductCategoryService(deps),
      carts: createCartService(deps),
      promotions: createPromotionService(deps),
      shippingOptions: createShippingOptionService(deps),
      customerAddresses: createCustomerAddressService(deps),
      // The server offers the manual provider (payment collected outside); an application adds
      // its own through createOrderService / createCheckoutService ({ providers }).
      orders: createOrderService(deps),
      checkout: createCheckoutService(deps),
    }
    const { inventory } = services
    return {
      services,
      routes: [
        ...productRoutes(services.products),
        ...productEditRoutes(services.products),
        ...collectionRoutes(services.collections),
        ...categoryRoutes(services.categories),
        ...pricingRoutes(services.pricing),
        ...inventoryRoutes(inventory, core.now),
        ...storeRoutes(services.storefront, services.pricing),
        ...storeGroupingRoutes(services.collections, services.categories),
        // Carts take an optional bearer token: the auth module checks it when the app has one.
        ...cartRoutes(services.carts, core.find<ShopperTokens>('auth')),
        ...customerAddressRoutes(services.customerAddresses),
        ...promotionRoutes(services.promotions, services.shippingOptions),
        ...orderRoutes(services.orders),
        ...checkoutRoutes(services, core.find<CheckoutAuth>('auth')),
      ],
      handlers: [
        {
          // A checkout whose request died midway is driven on from its start event; one whose
          // driver is alive is left to it (the recovery job covers a driver dying later).
          name: 'commerce-checkout-saga',
          types: ['checkout.started'],
          handle: async (event) => {
            await services.checkout.drive({ tenantId: event.tenantId, id: event.aggregateId })
          },
        },
      ],
      jobs: [
        {
          // Checkouts whose driver died (lease run out) are finished or compensated.
          name: 'commerce-checkout-recovery',
          intervalMs: 5_000,
          run: async () => {
            // One batch per round: a checkout whose provider keeps failing waits for the next.
            await services.checkout.recover({ batch: 50 })
          },
        },
        {
          // Expired reservations give their units back; exactly once across workers.
          name: 'commerce-reservation-expiry',
          intervalMs: 5_000,
          run: async () => {
            while ((await inventory.expireDue({ batch: 100 })) === 100);
          },
        },
      ],
      matrixFixtures: async (tenant) => {
        const base = await commerceMatrixFixtures(services, tenant)
        return {
          ...base,
          ...(await cartMatrixFixtures(services, tenant, base)),
          ...(await orderMatrixFixtures(services, tenant, base)),
        }
      },
      seedDemo: (tenantId) => seedDemoCatalogue(services, tenantId),
    }
  },
})
