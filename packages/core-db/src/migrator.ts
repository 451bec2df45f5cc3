import { sql, type Migration } from 'kysely'
import type { AnyKysely } from './any-kysely'
import { CoreDbError } from './core-db-error'

/** The migrations one package owns, under the package's name. */
export interface MigrationModule {
  /** A stable name, usually the package's (`outbox`, `core-tenant`). Part of each migration's id. */
  readonly name: string
  /** Kysely migrations keyed by a name that sorts in the order they must run (`0001_create_x`). */
  readonly migrations: Readonly<Record<string, Migration>>
}

/** Options for {@link createMigrator}. */
export interface MigratorOptions {
  /** Any database: the migrator only touches its own bookkeeping table. */
  readonly db: AnyKysely
  /** Modules in dependency order: a module's migrations run after those of every module before it. */
  readonly modules: readonly MigrationModule[]
  /** Bookkeeping table. Default `rustok_migration`. */
  readonly table?: string
}

/** Where one migration stands. `unknown`: the database ran it but the code does not have it. */
export interface MigrationStatus {
  /** `<module>/<migration>`, as stored in the database. */
  readonly id: string
  readonly state: 'applied' | 'pending' | 'unknown'
  readonly executedAt: Date | undefined
}

/** Applies the migrations of several packages as one ordered set. */
export interface ModuleMigrator {
  /** Applies every pending migration, in order, and returns the ids it applied. */
  up(): Promise<{ readonly applied: readonly string[] }>
  /** Every known migration in run order, then any unknown ones the database has. */
  status(): Promise<readonly MigrationStatus[]>
}

const modulePattern = /^[a-z][a-z0-9-]*$/

// Any number below 2^31 works; this one is "rustok" in ASCII, truncated.
const migrationLockKey = 0x72757374

/**
 * Builds one migrator over the migrations of several packages. A migration's id is
 * `<module>/<name>`; they run module by module in the given order, and by name inside a module.
 * A module added later still runs even though applied modules come after it in the list.
 * `up()` runs in one transaction under an advisory lock, so concurrent starts apply each migration
 * once and a failure leaves the database as it was. If the database has a migration the code does
 * not know (an older build against a newer database), `up()` refuses with `UNKNOWN_MIGRATION`.
 *
 * @example
 * ```ts
 * const migrator = createMigrator({ db, modules: [coreTenantMigrations, outboxMigrations] })
 * const { applied } = await migrator.up()
 * ```
 */
export function createMigrator(options: MigratorOptions): ModuleMigrator {
  const table = options.table ?? 'rustok_migration'
  const ordered = orderedMigrations(options.modules)
  const known = new Set(ordered.map(([id]) => id))

  const executed = async (db: AnyKysely): Promise<Map<string, Date>> => {
    const exists = await sql<{
      found: boolean
    }>`select to_regclass(${table}) is not null as found`.execute(db)
    if (!exists.rows[0]?.found) return new Map()
    const rows = await sql<{ id: string; executed_at: Date }>`
      select id, executed_at from ${sql.table(table)} order by executed_at, id`.execute(db)
    return new Map(rows.rows.map((row) => [row.id, new Date(row.executed_at)]))
  }

  return {
    up: () =>
      options.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${migrationLockKey})`.execute(trx)
        await sql`create table if not exists ${sql.table(table)} (
          id text primary key,
          executed_at timestamptz not null default clock_timestamp()
        )`.execute(trx)
        const done = await executed(trx)
        const unknown = [...done.keys()].filter((id) => !known.has(id))
        if (unknown.length > 0) {
          throw new CoreDbError(
            'UNKNOWN_MIGRATION',
            `The database has migrations this code does not know: ${unknown.join(', ')}. ` +
              'It was migrated by a newer or different build; deploy that build, or restore a matching backup.',
          )
        }
        const applied: string[] = []
        for (const [id, migration] of ordered) {
          if (done.has(id)) continue
          try {
            await migration.up(trx)
          } catch (error) {
            throw new CoreDbError(
              'MIGRATION_FAILED',
              `Migration ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
              { cause: error },
            )
          }
          await sql`insert into ${sql.table(table)} (id) values (${id})`.execute(trx)
          applied.push(id)
        }
        return { applied }
      }),
    async status() {
      const done = await executed(options.db)
      const statuses: MigrationStatus[] = ordered.map(([id]) => ({
        id,
        state: done.has(id) ? 'applied' : 'pending',
        executedAt: done.get(id),
      }))
      for (const [id, executedAt] of done) {
        if (!known.has(id)) statuses.push({ id, state: 'unknown', executedAt })
      }
      return statuses
    },
  }
}

function orderedMigrations(modules: readonly MigrationModule[]): Array<[string, Migration]> {
  const seen = new Set<string>()
  return modules.flatMap((module) => {
    if (!modulePattern.test(module.name)) {
      throw new CoreDbError(
        'INVALID_INPUT',
        `Migration module name "${module.name}" must be kebab-case`,
      )
    }
    if (seen.has(module.name)) {
      throw new CoreDbError('INVALID_INPUT', `Migration module "${module.name}" is listed twice`)
    }
    seen.add(module.name)
    return Object.keys(module.migrations)
      .sort()
      .map((name): [string, Migration] => {
        if (name.includes('/')) {
          throw new CoreDbError(
            'INVALID_INPUT',
            `Migration name "${name}" in "${module.name}" must not contain "/"`,
          )
        }
        return [`${module.name}/${name}`, module.migrations[name] as Migration]
      })
  })
}
