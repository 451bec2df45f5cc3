// Opens PGlite in .data/pglite (or PostgreSQL when DATABASE_URL is set), migrates, writes and reads.
// Run it: npx tsx examples/notes.ts
import {
  createDb,
  createMigrator,
  dbOptionsFrom,
  poolStats,
  type MigrationModule,
} from '@rustok/core-db'
import type { Generated } from 'kysely'

interface Database {
  note: { id: Generated<number>; body: string }
}

const notes: MigrationModule = {
  name: 'notes',
  migrations: {
    '0001_note': {
      up: (db) =>
        db.schema
          .createTable('note')
          .ifNotExists()
          .addColumn('id', 'serial', (col) => col.primaryKey())
          .addColumn('body', 'text', (col) => col.notNull())
          .execute(),
    },
  },
}

// The data folder's missing parents are created; without url and dataDir PGlite runs in memory.
const db = await createDb<Database>(
  dbOptionsFrom({ url: process.env.DATABASE_URL, dataDir: '.data/pglite' }),
)
const { applied } = await createMigrator({ db, modules: [notes] }).up()
console.log('applied', applied)

await db.transaction().execute((trx) => trx.insertInto('note').values({ body: 'hello' }).execute())
const rows = await db.selectFrom('note').select(['id', 'body']).orderBy('id').execute()
console.log(rows.length, 'notes; last:', rows.at(-1)?.body, poolStats(db))
await db.destroy()
