import { createHash } from 'node:crypto'
import { createMigrator, type MigrationModule } from '@rustok/core-db'
import type { Migration } from 'kysely'

/**
 * A short hash of a migration set: module and migration names plus the source of every `up` and
 * `down`, and of the migrator itself. Editing a migration (or how migrations are recorded)
 * therefore builds a new template instead of reusing a stale one.
 */
export function migrationFingerprint(modules: readonly MigrationModule[], salt: string): string {
  const hash = createHash('sha256').update(salt).update(String(createMigrator))
  for (const module of modules) {
    hash.update(`\0module:${module.name}`)
    for (const name of Object.keys(module.migrations).sort()) {
      const migration = module.migrations[name]
      hash.update(`\0${name}\0${sourceOf(migration, 'up')}\0${sourceOf(migration, 'down')}`)
    }
  }
  return hash.digest('hex').slice(0, 16)
}

function sourceOf(migration: Migration | undefined, step: 'up' | 'down'): string {
  const fn = (migration as Record<string, unknown> | undefined)?.[step]
  return typeof fn === 'function' ? fn.toString() : ''
}
