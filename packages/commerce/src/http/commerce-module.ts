import { defineErrorCodes, defineServerModule, errorRow, type ServerModule } from '@rustok/http'
import {
  commerceEvents,
  commerceMigrations,
  createInventoryService,
  createProductService,
  type InventoryService,
  type ProductService,
} from '../index'

/** The commerce module's own error codes, beside the shared ones. */
const COMMERCE_ERRORS = defineErrorCodes({
  INVALID_TRANSITION: errorRow(409, 'Invalid Transition'),
  INSUFFICIENT_INVENTORY: errorRow(422, 'Insufficient Inventory'),
})

/** What the commerce module gives other modules (checkout, the index). */
export interface CommerceServices {
  readonly products: ProductService
  readonly inventory: InventoryService
}

/**
 * The commerce module: products, variants, prices, inventory, carts and orders. Tenants enable
 * it. Its tables and the product service are here; its routes come with the catalogue issue.
 */
export const commerceModule: ServerModule<undefined, CommerceServices> = defineServerModule({
  name: 'commerce',
  description: 'Products, variants, prices, inventory, carts and orders.',
  toggleable: true,
  migrations: [commerceMigrations],
  events: commerceEvents,
  errors: { codes: COMMERCE_ERRORS, errorNames: ['CommerceError'] },
  setup: (core) => {
    const deps = { db: core.db, events: core.outbox, now: core.now, newId: core.newId }
    const inventory = createInventoryService(deps)
    return {
      services: { products: createProductService(deps), inventory },
      jobs: [
        {
          // Expired reservations give their units back; exactly once across workers.
          name: 'commerce-reservation-expiry',
          intervalMs: 5_000,
          run: async () => {
            while ((await inventory.expireDue({ batch: 100 })) === 100);
          },
        },
      ],
    }
  },
})
