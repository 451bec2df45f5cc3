// What the outbox row costs PostgreSQL alone, with no Node in the loop: bench:http's "create a
// tenant" command (a uniqueness read, the tenant row, its first locale row) as pgbench scripts,
// run without its event, with the event as its own statement (as `publishInTx` writes it, the
// per-aggregate advisory lock included), the same without the lock, and with the event written by
// the same statement as the locale row (a data-modifying CTE: no round trip of its own). Tells the database's share of the
// outbox figure in bench:http from the client's, and what writing the event without a round trip
// of its own could win. In a fresh database, each script in turn, two rounds.
// Needs pgbench on PATH and PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL).
// Run: pnpm bench:outbox:sql   (BENCH_SQL_SECONDS per run, default 6; BENCH_SQL_CLIENTS, default 8)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tenantMigrations } from '@rustok/core-tenant'
import { outboxMigrations } from '@rustok/outbox'
import { createTestDb } from '@rustok/test-utils'
import { benchServerUrl } from './http/bench-database'

const seconds = Number(process.env.BENCH_SQL_SECONDS ?? 6)
const clients = Number(process.env.BENCH_SQL_CLIENTS ?? 8)
const log = (line: string): void => void process.stdout.write(`${line}\n`)

const server = benchServerUrl()
if (server === undefined) {
  log('bench:outbox:sql needs PostgreSQL: set BENCH_DATABASE_URL or TEST_DATABASE_URL')
  process.exit(1)
}
try {
  execFileSync('pgbench', ['--version'], { stdio: 'ignore' })
} catch {
  log('bench:outbox:sql needs pgbench on PATH (Debian: postgresql-client)')
  process.exit(1)
}

// pgbench variables: :r is random per transaction; the ids and the slug derive from it.
const id = `md5(:r::text)::uuid`
const prelude = [
  '\\set r random(1, 9000000000000000000)',
  'begin;',
  `select id from tenants where slug = 't-' || :r or domain = 't-' || :r;`,
  `insert into tenants (id, slug, name, domain, default_locale, active, settings, created_at, updated_at)
    values (${id}, 't-' || :r, 'Tenant', null, 'en', true, '{}', now(), now()) returning *;`,
]
const locale = `insert into tenant_locales (tenant_id, locale, fallback, enabled, position)
  values (${id}, 'en', null, true, 0)`
// The columns and the lock of publishInTx's one-event statement (packages/outbox/src/outbox.ts).
const event = `insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
    actor_id, correlation_id, causation_id, trace_id, occurred_at, payload)
  select gen_random_uuid(), ${id}, 'tenant.created', 1, 'tenant', ${id}::text, null,
    gen_random_uuid(), null, null, now(),
    jsonb_build_object('id', ${id}, 'slug', 't-' || :r, 'name', 'Tenant', 'defaultLocale', 'en')
  from guard`
const guard = `guard as (select pg_advisory_xact_lock(hashtextextended(
  ${id}::text || '/tenant/' || ${id}::text, 1920299892)))`
const scripts = {
  'without the event': [...prelude, `${locale};`, 'commit;'],
  'event, own statement': [
    ...prelude,
    `${locale};`,
    `with ${guard} ${event} returning seq::text;`,
    'commit;',
  ],
  'event, own statement, no lock': [
    ...prelude,
    `${locale};`,
    `with guard as (select 1) ${event} returning seq::text;`,
    'commit;',
  ],
  'event, in the locale insert': [
    ...prelude,
    `with ${guard}, written as (${event} returning seq) ${locale};`,
    'commit;',
  ],
}

const testDb = await createTestDb<unknown>({
  modules: [outboxMigrations, tenantMigrations],
  url: server,
})
const dir = mkdtempSync(join(tmpdir(), 'rustok-outbox-sql-'))
try {
  const url = testDb.url
  if (url === undefined) throw new Error('createTestDb gave no URL on PostgreSQL')
  const files = Object.entries(scripts).map(([name, lines], index) => {
    const file = join(dir, `${index}.sql`)
    // pgbench reads one command per line: each statement joined onto one line.
    writeFileSync(file, lines.map((line) => line.replace(/\s*\n\s*/g, ' ')).join('\n') + '\n')
    return { name, file, tps: [] as number[] }
  })
  const run = (file: string): number => {
    const out = execFileSync(
      'pgbench',
      [
        '-n',
        '-M',
        'extended',
        '-c',
        String(clients),
        '-j',
        '2',
        '-T',
        String(seconds),
        '-f',
        file,
        url,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const match = /tps = ([\d.]+)/.exec(out)
    if (!match) throw new Error(`no tps in pgbench's output:\n${out}`)
    return Number(match[1])
  }
  log(`== the outbox row on PostgreSQL alone: pgbench, ${clients} clients, ${seconds} s per run ==`)
  for (let round = 1; round <= 2; round++) {
    const cells = files.map((f) => {
      const tps = run(f.file)
      f.tps.push(tps)
      return `${f.name} ${Math.round(tps)}`
    })
    log(`round ${round}: ${cells.join(' | ')} transactions/s`)
  }
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length
  // Each script against the first, the command without its event.
  const [baseline, ...withEvent] = files.map((f) => ({ name: f.name, tps: mean(f.tps) }))
  for (const script of withEvent)
    log(`${script.name}: ${(script.tps / (baseline?.tps ?? NaN)).toFixed(2)}× ${baseline?.name}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
  await testDb.destroy()
}
