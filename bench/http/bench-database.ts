import { createDb } from '@rustok/core-db'
import { sql } from 'kysely'

/** The PostgreSQL server the bench may use: BENCH_DATABASE_URL, else TEST_DATABASE_URL. */
export function benchServerUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
}

/** The bench's own database on that server (`rustok_bench`), so it migrates nobody else's. */
export function benchDatabaseUrl(): string | undefined {
  const server = benchServerUrl()
  if (server === undefined) return undefined
  const url = new URL(server)
  url.pathname = '/rustok_bench'
  return url.toString()
}

/** Creates the bench's database when it is missing. */
export async function ensureBenchDatabase(): Promise<void> {
  const server = benchServerUrl()
  if (server === undefined) return
  const db = await createDb<unknown>({ driver: 'postgres', url: server })
  try {
    const { rows } = await sql<{
      n: number
    }>`select 1 as n from pg_database where datname = 'rustok_bench'`.execute(db)
    if (rows.length === 0) await sql`create database rustok_bench`.execute(db)
  } finally {
    await db.destroy()
  }
}
