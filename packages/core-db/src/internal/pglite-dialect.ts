import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import type { PgliteClient } from '../pglite-client'

const mutatingKinds = new Set([
  'InsertQueryNode',
  'UpdateQueryNode',
  'DeleteQueryNode',
  'MergeQueryNode',
])

/**
 * A Kysely dialect over one PGlite instance. PGlite has a single connection, so the driver hands
 * it out to one holder at a time (FIFO); a transaction keeps it until commit or rollback, which is
 * what serialises transactions.
 */
export function pgliteDialect(pglite: PgliteClient): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => pgliteDriver(pglite),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  }
}

function pgliteDriver(pglite: PgliteClient): Driver {
  const waiters: Array<() => void> = []
  let held = false
  const connection = pgliteConnection(pglite)

  const run = (sql: string): Promise<unknown> => connection.executeQuery(CompiledQuery.raw(sql))

  return {
    init: async () => {
      await pglite.waitReady
    },
    acquireConnection: async () => {
      if (held) await new Promise<void>((resolve) => waiters.push(resolve))
      held = true
      return connection
    },
    releaseConnection: () => {
      // Hand the connection straight to the next waiter, so nobody can cut in between.
      const next = waiters.shift()
      if (next) next()
      else held = false
      return Promise.resolve()
    },
    beginTransaction: async (_connection, settings) => {
      await run(beginStatement(settings))
    },
    commitTransaction: async () => {
      await run('commit')
    },
    rollbackTransaction: async () => {
      await run('rollback')
    },
    savepoint: async (_connection, name) => {
      await run(`savepoint ${quoteIdentifier(name)}`)
    },
    rollbackToSavepoint: async (_connection, name) => {
      await run(`rollback to savepoint ${quoteIdentifier(name)}`)
    },
    releaseSavepoint: async (_connection, name) => {
      await run(`release savepoint ${quoteIdentifier(name)}`)
    },
    destroy: async () => {
      if (!pglite.closed) await pglite.close()
    },
  }
}

function pgliteConnection(pglite: PgliteClient): DatabaseConnection {
  return {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      const result = await pglite.query<R>(compiled.sql, [...compiled.parameters])
      // PGlite does not say which command ran; a raw statement that changed rows reports them too.
      const mutating =
        mutatingKinds.has(compiled.query.kind) ||
        (compiled.query.kind === 'RawNode' && (result.affectedRows ?? 0) > 0)
      if (mutating && result.affectedRows !== undefined) {
        return { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      }
      return { rows: result.rows }
    },
    async *streamQuery<R>(
      compiled: CompiledQuery,
      chunkSize = 100,
    ): AsyncIterableIterator<QueryResult<R>> {
      // PGlite has no cursors over the wire; the whole result is in memory already.
      const { rows } = await pglite.query<R>(compiled.sql, [...compiled.parameters])
      for (let start = 0; start < rows.length; start += chunkSize) {
        yield { rows: rows.slice(start, start + chunkSize) }
      }
    },
  }
}

function beginStatement(settings: TransactionSettings): string {
  const parts = ['start transaction']
  if (settings.isolationLevel) parts.push(`isolation level ${settings.isolationLevel}`)
  if (settings.accessMode) parts.push(settings.accessMode)
  return parts.join(' ')
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
