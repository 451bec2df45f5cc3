import { defineServerModule, type ServerModule } from '@rustok/http'
import { commerceEvents } from '../index'

/**
 * The commerce module: products, variants, prices, inventory, carts and orders. Tenants enable
 * it; its services and routes come with the commerce issues, so for now it brings its events to
 * the catalogue and takes part in the module rules.
 */
export const commerceModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'commerce',
  description: 'Products, variants, prices, inventory, carts and orders.',
  toggleable: true,
  events: commerceEvents,
  errors: { errorNames: ['CommerceError'] },
})
