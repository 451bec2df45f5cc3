import type { MigrationModule } from '@rustok/core-db'
import { outboxMigrations } from '@rustok/outbox'
import { rateLimitMigrations } from './rate-limit/postgres-rate-limit-store'

/** Every package's migrations, in dependency order. Packages add theirs as they gain tables. */
export const migrationModules: readonly MigrationModule[] = [outboxMigrations, rateLimitMigrations]
