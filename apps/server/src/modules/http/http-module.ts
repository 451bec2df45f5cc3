import { idempotencyMigrations } from '../../http/idempotency/postgres-idempotency-store'
import { rateLimitMigrations } from '../../rate-limit/postgres-rate-limit-store'
import type { ServerModule } from '../server-module'

/** The HTTP layer's own tables: shared rate-limit windows and stored idempotent responses. */
export const httpModule: ServerModule = {
  name: 'http',
  description: 'Rate-limit windows and Idempotency-Key responses.',
  migrations: [rateLimitMigrations, idempotencyMigrations],
}
