import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { storefrontReads } from './storefront-reads'

/** What a storefront reads: active products in the reader's locale, priced for a region. */
export type StorefrontService = ReturnType<typeof storefrontReads>

/**
 * The storefront reads over a database that has the commerce tables.
 *
 * @example
 * ```ts
 * const store = createStorefrontService({ db, events: outbox, locales })
 * const tee = await store.product({ tenantId }, { handle: 'tee', locale: 'de', regionId: eu.id })
 * tee.variants[0]?.price?.amount // the resolved unit price in EUR, tax included
 * ```
 */
export function createStorefrontService(options: CommerceDeps): StorefrontService {
  return storefrontReads(resolveCommerceDeps(options))
}
