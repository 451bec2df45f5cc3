import { createDb } from '@rustok/core-db'
import { sql } from 'kysely'
import { benchServerUrl } from '../http/bench-database'

/**
 * The URL of a bench's own database `name` on the PostgreSQL server of BENCH_DATABASE_URL (else
 * TEST_DATABASE_URL), created when missing, so a bench migrates and fills nobody else's;
 * `undefined` when no server is set.
 */
export async function ownBenchDatabase(name: string): Promise<string | undefined> {
  const server = benchServerUrl()
  if (server === undefined) return undefined
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`)
  const admin = await createDb<unknown>({ driver: 'postgres', url: server })
  try {
    const { rows } = await sql`select 1 from pg_database where datname = ${name}`.execute(admin)
    if (rows.length === 0) await sql.raw(`create database ${name}`).execute(admin)
  } finally {
    await admin.destroy()
  }
  const url = new URL(server)
  url.pathname = `/${name}`
  return url.toString()
}
