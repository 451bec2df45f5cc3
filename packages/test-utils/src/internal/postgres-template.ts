import { createDb, createMigrator, type MigrationModule } from '@rustok/core-db'
import pg from 'pg'
import { migrationFingerprint } from './migration-fingerprint'

// Bump to force every cached template database to be rebuilt (say, after changing the migrator).
const salt = 'postgres-template-v1'

/** The URL of `database` on the same server as `url`. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

async function withAdmin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/**
 * Creates a fresh database on the server at `url`, cloned from a migrated template database
 * (`CREATE DATABASE … TEMPLATE`), and returns its name. The template is built once per migration
 * set, under an advisory lock so parallel workers and runs wait for one builder; it is marked
 * `is_template` only when complete, so a half-built one from a crashed run is rebuilt.
 */
export async function createPostgresClone(
  url: string,
  modules: readonly MigrationModule[],
): Promise<string> {
  const fingerprint = migrationFingerprint(modules, salt)
  const template = `rustok_tpl_${fingerprint}`
  const clone = `rustok_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const lockKey = Number.parseInt(fingerprint.slice(0, 8), 16)

  await withAdmin(url, async (admin) => {
    await admin.query('select pg_advisory_lock($1)', [lockKey])
    try {
      const found = await admin.query<{ datistemplate: boolean }>(
        'select datistemplate from pg_database where datname = $1',
        [template],
      )
      if (!found.rows[0]?.datistemplate) {
        await admin.query(`drop database if exists ${template} with (force)`)
        await admin.query(`create database ${template}`)
        const db = await createDb<unknown>({
          driver: 'postgres',
          url: databaseUrl(url, template),
          pool: { max: 1 },
        })
        try {
          await createMigrator({ db, modules }).up()
        } finally {
          await db.destroy()
        }
        await admin.query(`alter database ${template} is_template true`)
      }
      // Cloning needs the template to have no other connections; the lock keeps builders out.
      await admin.query(`create database ${clone} template ${template}`)
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [lockKey])
    }
  })
  return clone
}

/** Drops a database made by {@link createPostgresClone}, closing any connection still open to it. */
export async function dropPostgresClone(url: string, clone: string): Promise<void> {
  await withAdmin(url, (admin) => admin.query(`drop database if exists ${clone} with (force)`))
}
