import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type { Pool, PoolClient, Submittable } from 'pg'
import { isDatabaseUnavailable } from '../database-unavailable'

/**
 * Adapts a `pg` Pool for Kysely so that losing a connection mid-use fails only the work on it.
 *
 * pg-pool listens for errors on idle clients only: it removes that listener while a client is lent
 * out, and Kysely adds none, so a connection dropped under a running query or an open transaction
 * (server restart, `pg_terminate_backend`) emitted an unhandled 'error' and killed the process.
 * Here every client gets a listener for its whole life that records the error; the query in
 * flight rejects as usual, later queries on that client reject at once with the recorded error as
 * their `cause`, and the client is released with it, so the pool discards it instead of lending it
 * out again.
 */
export function lendingPool(pool: Pool): PostgresPool {
  const lost = new WeakMap<PoolClient, Error>()
  const lent = new WeakMap<PoolClient, PostgresPoolClient>()
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      if (!lost.has(client)) lost.set(client, error)
    })
  })
  return {
    connect: async () => {
      const client = await pool.connect()
      let wrapped = lent.get(client)
      if (!wrapped) {
        wrapped = lendable(client, lost)
        lent.set(client, wrapped)
      }
      return wrapped
    },
    end: () => pool.end(),
  }
}

function lendable(client: PoolClient, lost: WeakMap<PoolClient, Error>): PostgresPoolClient {
  async function run<R>(
    sql: string,
    parameters: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> {
    const error = lost.get(client)
    if (error) {
      throw new Error(`The database connection was lost: ${error.message}`, { cause: error })
    }
    try {
      // pg types `command` as any string; Kysely narrows it to the commands it reads.
      return (await client.query(sql, [...parameters])) as unknown as PostgresQueryResult<R>
    } catch (error) {
      // The server may report the loss to the running query (57P01) before the socket closes;
      // remember it, or the pool could lend the dying client out again in between.
      if (isDatabaseUnavailable(error) && !lost.has(client)) lost.set(client, error as Error)
      throw error
    }
  }
  function query<R>(
    sql: string,
    parameters: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>>
  function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>
  function query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor === 'string') return run<R>(sqlOrCursor, parameters)
    // Kysely passes a pg-cursor `Cursor`, which pg runs as a Submittable and hands back.
    return client.query(sqlOrCursor as unknown as Submittable) as unknown as PostgresCursor<R>
  }
  return {
    query,
    release: () => {
      client.release(lost.get(client))
    },
  }
}
