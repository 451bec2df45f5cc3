import { defineServerModule, type ServerModule } from '@rustok/http'
import { indexEvents } from '../index'

/**
 * The index module: read models and search. Tenants enable it; it brings the `index.*` events to
 * the catalogue; its handlers, rebuilds and routes come with the index issue.
 */
export const indexModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'index',
  description: 'Read models and search.',
  toggleable: true,
  events: indexEvents,
  errors: { errorNames: ['IndexError'] },
})
