import type { MigrationModule } from '@rustok/core-db'

/** Every package's migrations, in dependency order. Packages add theirs as they gain tables. */
export const migrationModules: readonly MigrationModule[] = []
