import { defineServerModule, type ServerModule } from '@rustok/http'
import * as v from 'valibot'
import { CLIENT_ERRORS } from '../../http/client-errors'
import { idempotencyMigrations } from '../../http/idempotency/postgres-idempotency-store'
import { rateLimitMigrations } from '../../rate-limit/postgres-rate-limit-store'
import { pruneHttpTables } from './http-maintenance'

/** The http module's settings (`config.http` of the composed modules): its clean-up job. */
export interface HttpModuleConfig {
  readonly maintenance: {
    /** Pause between runs. Default 60 s. */
    readonly intervalMs: number
    /** The rate limit's window: windows that ended are deleted. Default 60 s. */
    readonly rateLimitWindowMs: number
  }
}

const integer = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min))

const HttpModuleConfigSchema: v.GenericSchema<unknown, HttpModuleConfig> = v.optional(
  v.object({
    maintenance: v.optional(
      v.object({
        intervalMs: v.optional(integer(1_000), 60_000),
        rateLimitWindowMs: v.optional(integer(1), 60_000),
      }),
      {},
    ),
  }),
  {},
)

/**
 * The HTTP layer's own tables — shared rate-limit windows and stored idempotent responses — and
 * their clean-up job (`http-maintenance`, worker role).
 */
export const httpModule: ServerModule<HttpModuleConfig, undefined> = defineServerModule({
  name: 'http',
  description: 'Rate-limit windows and Idempotency-Key responses.',
  migrations: [rateLimitMigrations, idempotencyMigrations],
  // The codes of requests Node refuses before the app sees them (431, 408): see client-errors.
  errors: { codes: CLIENT_ERRORS },
  config: HttpModuleConfigSchema,
  setup: (core) => ({
    services: undefined,
    jobs: [
      {
        name: 'http-maintenance',
        intervalMs: core.config.maintenance.intervalMs,
        run: async () => ({
          removed: {
            ...(await pruneHttpTables(core.db, {
              now: core.now,
              rateLimitWindowMs: core.config.maintenance.rateLimitWindowMs,
            })),
          },
        }),
      },
    ],
  }),
})
