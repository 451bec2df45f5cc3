import { defineServerModule, type ServerModule } from '@rustok/http'
import { CLIENT_ERRORS } from '../../http/client-errors'
import { idempotencyMigrations } from '../../http/idempotency/postgres-idempotency-store'
import { rateLimitMigrations } from '../../rate-limit/postgres-rate-limit-store'

/**
 * The HTTP layer's own tables (shared rate-limit windows and stored idempotent responses), and the
 * codes of requests Node refuses before the app sees them (431, 408).
 */
export const httpModule: ServerModule<undefined, undefined> = defineServerModule({
  name: 'http',
  description: 'Rate-limit windows and Idempotency-Key responses.',
  migrations: [rateLimitMigrations, idempotencyMigrations],
  errors: { codes: CLIENT_ERRORS },
})
