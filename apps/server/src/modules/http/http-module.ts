import type { ServerModule } from '../server-module'
import { rateLimitMigrations } from '../../rate-limit/postgres-rate-limit-store'

/** The HTTP layer's own tables: shared rate-limit windows and stored idempotent responses. */
export const httpModule: ServerModule = {
  name: 'http',
  description: 'Rate-limit windows and Idempotency-Key responses.',
  migrations: [rateLimitMigrations],
}
