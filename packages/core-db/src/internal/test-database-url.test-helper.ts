import { sql, type Kysely } from 'kysely'

/** The url of the PostgreSQL test database behind `db`: `serverUrl` with that database's name. */
export async function testDatabaseUrl(db: Kysely<unknown>, serverUrl: string): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db)
  const url = new URL(serverUrl)
  url.pathname = `/${rows[0]?.name ?? ''}`
  return url.toString()
}
