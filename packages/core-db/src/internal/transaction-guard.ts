import { AsyncLocalStorage } from 'node:async_hooks'
import type { ConnectionBuilder, Dialect, Driver, Kysely, TransactionBuilder } from 'kysely'
import { CoreDbError } from '../core-db-error'

/** One per database: identifies "this db's transaction" in the async context. */
export interface GuardOwner {
  readonly label: string
}

interface OpenScope {
  readonly owner: GuardOwner
  active: boolean
}

// Every transaction callback runs with its scope pushed onto this stack. A query on the *outer*
// db that starts while one of that db's scopes is active in the same async flow can only wait for
// the connection the callback itself holds (PGlite has one), so it fails fast instead of hanging.
const openScopes = new AsyncLocalStorage<readonly OpenScope[]>()

// Scopes open in this process, across every db. On Node 20 an enabled AsyncLocalStorage makes
// every promise of the process pay async hooks (about a tenth of a signed-in read's CPU in
// `pnpm bench:http`), so the storage is switched off whenever this drops to 0 and back on by the
// next scope's `run` (ADR 0021). No scope being open, nothing can be inside one: the guard loses
// nothing, and a request that opens no transaction pays for none.
let openCount = 0

function assertNotInsideOwnTransaction(owner: GuardOwner): void {
  if (openCount === 0) return
  const scopes = openScopes.getStore()
  if (scopes?.some((scope) => scope.active && scope.owner === owner)) {
    throw new CoreDbError(
      'OUTER_DB_IN_TRANSACTION',
      `The outer ${owner.label} database was used inside its own transaction callback. ` +
        'Use the `trx` passed to the callback: work on the outer db runs outside the transaction ' +
        '(and on PGlite, with its single connection, would wait for itself forever).',
    )
  }
}

async function runInScope<T>(owner: GuardOwner, run: () => Promise<T>): Promise<T> {
  const scope: OpenScope = { owner, active: true }
  // With none open the storage is off, and any store it would show is a stale, inactive one.
  const parent = openCount === 0 ? [] : (openScopes.getStore() ?? [])
  openCount += 1
  try {
    return await openScopes.run([...parent, scope], run)
  } finally {
    // Work the callback left running (a timer, an un-awaited promise) keeps the store, but once
    // the transaction is over it may use the db again.
    scope.active = false
    openCount -= 1
    // Every scope is inactive now: the stores that resources still carry can refuse nothing, so
    // the storage (and, on Node 20, the async hooks behind it) goes off until the next scope.
    if (openCount === 0) openScopes.disable()
  }
}

/** Wraps a dialect so that acquiring a connection checks the guard first. */
export function guardDialect(dialect: Dialect, owner: GuardOwner): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => guardDriver(dialect.createDriver(), owner),
  }
}

function guardDriver(driver: Driver, owner: GuardOwner): Driver {
  const guarded: Driver = {
    init: () => driver.init(),
    acquireConnection: () => {
      assertNotInsideOwnTransaction(owner)
      return driver.acquireConnection()
    },
    beginTransaction: (connection, settings) => driver.beginTransaction(connection, settings),
    commitTransaction: (connection) => driver.commitTransaction(connection),
    rollbackTransaction: (connection) => driver.rollbackTransaction(connection),
    releaseConnection: (connection) => driver.releaseConnection(connection),
    destroy: () => driver.destroy(),
  }
  if (driver.savepoint) guarded.savepoint = driver.savepoint.bind(driver)
  if (driver.rollbackToSavepoint)
    guarded.rollbackToSavepoint = driver.rollbackToSavepoint.bind(driver)
  if (driver.releaseSavepoint) guarded.releaseSavepoint = driver.releaseSavepoint.bind(driver)
  return guarded
}

type Executable<TBuilder> = TBuilder & {
  execute<T>(callback: (value: never) => Promise<T>): Promise<T>
}

const builderFactories = new Set(['setIsolationLevel', 'setAccessMode'])

function guardBuilder<TBuilder extends object>(builder: TBuilder, owner: GuardOwner): TBuilder {
  return new Proxy(builder, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      if (property === 'execute') {
        return <T>(callback: (value: never) => Promise<T>) =>
          (target as Executable<TBuilder>).execute((value) =>
            runInScope(owner, () => callback(value)),
          )
      }
      if (typeof property === 'string' && builderFactories.has(property)) {
        return (...args: unknown[]) =>
          guardBuilder((value as (...a: unknown[]) => object).apply(target, args), owner)
      }
      return (value as (...a: unknown[]) => unknown).bind(target)
    },
  })
}

const derivingMethods = new Set(['withPlugin', 'withoutPlugins', 'withSchema', 'withTables'])

/**
 * Returns `db` with `transaction()` and `connection()` callbacks running inside a guard scope.
 * Kysely's methods use `#private` state, so every function is bound to the real instance.
 */
export function guardKysely<DB>(db: Kysely<DB>, owner: GuardOwner): Kysely<DB> {
  type Method = (...args: unknown[]) => unknown
  const bound = new Map<PropertyKey, { readonly method: Method; readonly bound: Method }>()
  return new Proxy(db, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target)
      if (typeof value !== 'function') return value
      const method = value as (...args: unknown[]) => unknown
      if (property === 'transaction') {
        return () => guardBuilder(method.call(target) as TransactionBuilder<DB>, owner)
      }
      if (property === 'connection') {
        return () => guardBuilder(method.call(target) as ConnectionBuilder<DB>, owner)
      }
      if (typeof property === 'string' && derivingMethods.has(property)) {
        return (...args: unknown[]) => guardKysely(method.apply(target, args) as Kysely<DB>, owner)
      }
      // Bound once per method, not on every `db.selectFrom(…)` of every request.
      const cached = bound.get(property)
      if (cached?.method === method) return cached.bound
      const fresh = { method, bound: method.bind(target) }
      bound.set(property, fresh)
      return fresh.bound
    },
  })
}
