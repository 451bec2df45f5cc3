import { defineServerModule, type ServerModule } from '@rustok/http'

/**
 * The index module: read models and search. Tenants enable it; its handlers, rebuilds and routes
 * come with the index issue.
 */
export const indexModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'index',
  description: 'Read models and search.',
  toggleable: true,
  errors: { errorNames: ['IndexError'] },
})
