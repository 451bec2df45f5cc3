import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { priceListOperations } from './price-list-service'
import { resolveVariantPrices } from './price-resolution'
import { priceOperations } from './price-service'
import type { ResolvePricesInput } from './pricing-schemas'
import type { ResolvedPrices } from './pricing-types'
import { regionOperations } from './region-service'

/** Regions, price lists, stored prices, and price resolution from them. */
export interface PricingService {
  readonly regions: ReturnType<typeof regionOperations>
  readonly priceLists: ReturnType<typeof priceListOperations>
  readonly prices: ReturnType<typeof priceOperations>
  /** Resolved unit prices of many variants in one statement (see ADR 0026). */
  resolve(tenantId: string, input: ResolvePricesInput): Promise<ResolvedPrices>
}

/**
 * The pricing service over a database that has the commerce tables.
 *
 * @example
 * ```ts
 * const pricing = createPricingService({ db, events: outbox })
 * const eu = await pricing.regions.create(tenantId, { name: 'EU', currency: 'EUR', taxRate: '20', taxIncluded: true }, actor)
 * await pricing.prices.add({ tenantId, variantId }, { currency: 'EUR', amount: 1999 }, actor)
 * const { items } = await pricing.resolve(tenantId, { variantIds: [variantId], regionId: eu.id })
 * items[0]?.price?.amount // 1999, with reason.source 'base' and the tax in it
 * ```
 */
export function createPricingService(options: CommerceDeps): PricingService {
  const deps = resolveCommerceDeps(options)
  return {
    regions: regionOperations(deps),
    priceLists: priceListOperations(deps),
    prices: priceOperations(deps),
    resolve: (tenantId, input) => resolveVariantPrices(deps.db, { tenantId, now: deps.now }, input),
  }
}
