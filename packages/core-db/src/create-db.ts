import { Kysely, PostgresDialect, type Dialect } from 'kysely'
import type { Pool } from 'pg'
import { CoreDbError } from './core-db-error'
import type { PgliteClient } from './pglite-client'
import { rememberDb } from './internal/db-registry'
import { keepAlive } from './internal/keep-alive'
import { lendingPool } from './internal/lending-pool'
import { loadDriver } from './internal/load-driver'
import { createParentFolders } from './internal/pglite-data-dir'
import { pgliteDialect } from './internal/pglite-dialect'
import { guardDialect, guardKysely } from './internal/transaction-guard'

/** Embedded PostgreSQL (PGlite): in memory, or persisted in a data folder. */
export interface PgliteDbOptions {
  readonly driver: 'pglite'
  /**
   * A folder for the data files (missing parent folders are created); omitted means in memory.
   * PGlite's `memory://` and `idb://` forms pass through unchanged.
   */
  readonly dataDir?: string
  /** A data folder dumped with PGlite's `dumpDataDir()` to start from (test templates). */
  readonly loadDataDir?: Blob
  /**
   * An already open PGlite instance to use instead of opening one (`dataDir` and `loadDataDir`
   * are then ignored). `db.destroy()` closes it.
   */
  readonly pglite?: PgliteClient
}

/** Connection pool settings for PostgreSQL (requirement P6). */
export interface PoolOptions {
  /** Most connections open at once. Default 10. */
  readonly max?: number
  /** Close a connection idle this long (ms). Default 10,000. */
  readonly idleTimeoutMillis?: number
  /** Give up opening a connection after this long (ms). Default 5,000. */
  readonly connectionTimeoutMillis?: number
}

/** A PostgreSQL server reached through a `pg` Pool. */
export interface PostgresDbOptions {
  readonly driver: 'postgres'
  /** `postgres://user:password@host:port/database` */
  readonly url: string
  readonly pool?: PoolOptions
  /**
   * Called when an idle pooled connection fails (say the server restarted). The pool drops that
   * connection and opens a new one on demand. A connection lost while lent out (mid-query or in an
   * open transaction) fails that work instead: its queries reject, and the pool discards it.
   */
  readonly onPoolError?: (error: Error) => void
}

/** Where {@link createDb} connects. */
export type CreateDbOptions = PgliteDbOptions | PostgresDbOptions

const defaultPool = { max: 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 }

/**
 * Opens a database and returns a `Kysely<DB>` on it, on PGlite or on PostgreSQL.
 *
 * Either way, using the outer `db` inside one of its own `transaction()` callbacks throws a
 * `CoreDbError` with code `OUTER_DB_IN_TRANSACTION` at once, instead of escaping the transaction
 * (PostgreSQL) or waiting on itself forever (PGlite). Close it with `db.destroy()`.
 *
 * @example
 * ```ts
 * const db = await createDb<Database>(
 *   process.env.DATABASE_URL
 *     ? { driver: 'postgres', url: process.env.DATABASE_URL, pool: { max: 20 } }
 *     : { driver: 'pglite', dataDir: '.data/pglite' },
 * )
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('note').values({ body: 'hello' }).execute()
 * })
 * await db.destroy()
 * ```
 */
export async function createDb<DB>(options: CreateDbOptions): Promise<Kysely<DB>> {
  const owner = { label: options.driver === 'pglite' ? 'PGlite' : 'PostgreSQL' }
  const opened =
    options.driver === 'pglite' ? await openPglite(options) : await openPostgres(options)
  const db = guardKysely(new Kysely<DB>({ dialect: guardDialect(opened.dialect, owner) }), owner)
  if (opened.driver === 'pglite') {
    const { pglite } = opened
    // Holding Kysely's connection keeps other queries (and open transactions) off PGlite meanwhile.
    const exclusive = <T>(run: () => Promise<T>): Promise<T> => db.connection().execute(run)
    rememberDb(db, { driver: 'pglite', pglite, exclusive })
  } else {
    rememberDb(db, { driver: 'postgres', url: opened.url, pool: opened.pool })
  }
  return db
}

type OpenedDialect =
  | { readonly driver: 'pglite'; readonly dialect: Dialect; readonly pglite: PgliteClient }
  | {
      readonly driver: 'postgres'
      readonly dialect: Dialect
      readonly url: string
      readonly pool: Pool
    }

async function openPglite(options: PgliteDbOptions): Promise<OpenedDialect> {
  const pglite = options.pglite ?? (await newPglite(options))
  return { driver: 'pglite', dialect: pgliteDialect(pglite), pglite }
}

async function newPglite(options: PgliteDbOptions): Promise<PgliteClient> {
  const { PGlite } = await loadDriver('@electric-sql/pglite', () => import('@electric-sql/pglite'))
  if (options.dataDir !== undefined) await createParentFolders(options.dataDir)
  return PGlite.create({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    // Match node-postgres, so code behaves the same on both: int8 arrives as a string.
    parsers: { 20: (value: string) => value },
  })
}

async function openPostgres(options: PostgresDbOptions): Promise<OpenedDialect> {
  if (!/^postgres(ql)?:\/\//.test(options.url)) {
    throw new CoreDbError(
      'INVALID_INPUT',
      'The PostgreSQL url must start with postgres:// or postgresql://',
    )
  }
  const pool = { ...defaultPool, ...options.pool }
  for (const [key, value] of Object.entries(pool)) {
    if (!Number.isInteger(value) || value < (key === 'max' ? 1 : 0)) {
      throw new CoreDbError(
        'INVALID_INPUT',
        `pool.${key} must be a non-negative integer (max ≥ 1), got ${value}`,
      )
    }
  }
  const pg = await loadDriver('pg', () => import('pg'))
  const { Pool } = pg.default
  const instance = new Pool({ connectionString: options.url, ...pool, ...keepAlive })
  instance.on('error', options.onPoolError ?? (() => {}))
  return {
    driver: 'postgres',
    dialect: new PostgresDialect({ pool: lendingPool(instance) }),
    url: options.url,
    pool: instance,
  }
}

/**
 * Chooses the database from configuration: PostgreSQL when `url` is given, otherwise PGlite in
 * `dataDir` (or in memory when that is omitted too).
 *
 * @example
 * ```ts
 * const db = await createDb(dbOptionsFrom({ url: process.env.DATABASE_URL, dataDir: '.data/pglite' }))
 * ```
 */
export function dbOptionsFrom(config: {
  readonly url?: string | undefined
  readonly dataDir?: string | undefined
  readonly pool?: PoolOptions | undefined
}): CreateDbOptions {
  if (config.url) {
    return { driver: 'postgres', url: config.url, ...(config.pool ? { pool: config.pool } : {}) }
  }
  return { driver: 'pglite', ...(config.dataDir ? { dataDir: config.dataDir } : {}) }
}
