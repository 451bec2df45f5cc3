// Prints what the PGlite test template saves: a cold PGlite start plus migrations, against a clone
// of the cached, migrated template (what createTestDb() does per test file). Run: pnpm bench:test-db
import { createDb, createMigrator, type MigrationModule } from '@rustok/core-db'
import { createTestDb } from '@rustok/test-utils'

// A stand-in schema of twenty tables with indexes, so migrations cost something.
const schema: MigrationModule = {
  name: 'bench',
  migrations: Object.fromEntries(
    Array.from({ length: 20 }, (_, index) => [
      `${String(index).padStart(4, '0')}_table`,
      {
        up: async (db) => {
          await db.schema
            .createTable(`t${index}`)
            .addColumn('id', 'uuid', (c) => c.primaryKey())
            .addColumn('tenant_id', 'uuid', (c) => c.notNull())
            .addColumn('body', 'jsonb')
            .execute()
          await db.schema
            .createIndex(`t${index}_tenant`)
            .on(`t${index}`)
            .column('tenant_id')
            .execute()
        },
      },
    ]),
  ),
}

async function time(label: string, runs: number, run: () => Promise<void>): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await run()
    samples.push(performance.now() - started)
  }
  samples.sort((a, b) => a - b)
  const median = samples[Math.floor(samples.length / 2)] ?? 0
  process.stdout.write(
    `${label.padEnd(40)} median ${median.toFixed(0).padStart(5)} ms over ${runs} runs\n`,
  )
  return median
}

const cold = await time('cold PGlite start + 20 migrations', 3, async () => {
  const db = await createDb<unknown>({ driver: 'pglite' })
  await createMigrator({ db, modules: [schema] }).up()
  await db.destroy()
})
await (await createTestDb({ modules: [schema], url: '' })).destroy() // build and cache the template
const clone = await time('createTestDb (template clone)', 5, async () => {
  await (await createTestDb({ modules: [schema], url: '' })).destroy()
})
process.stdout.write(`template speed-up: ${(cold / clone).toFixed(1)}x\n`)
// PGlite leaves a handle open after close() in some versions; the figures are printed, so exit.
process.exit(0)
