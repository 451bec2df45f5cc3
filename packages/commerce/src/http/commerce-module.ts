import { defineErrorCodes, defineServerModule, errorRow, type ServerModule } from '@rustok/http'
import {
  commerceEvents,
  commerceMigrations,
  createProductService,
  type ProductService,
} from '../index'

/** The commerce module's own error codes, beside the shared ones. */
const COMMERCE_ERRORS = defineErrorCodes({
  INVALID_TRANSITION: errorRow(409, 'Invalid Transition'),
})

/** What the commerce module gives other modules (checkout, the index). */
export interface CommerceServices {
  readonly products: ProductService
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
  setup: (core) => ({
    services: {
      products: createProductService({
        db: core.db,
        events: core.outbox,
        now: core.now,
        newId: core.newId,
      }),
    },
  }),
})
