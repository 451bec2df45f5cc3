// Prints the outbox's relay drain rate, commit → handler latency (steady load, and bursts of 10
// events on one aggregate) and write cost, on PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL)
// and on PGlite, each in a fresh database. The relay's recovery after a SIGKILL is measured apart,
// by bench/outbox/kill-recovery.ts.
// Run: pnpm bench:outbox
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb } from '@rustok/test-utils'
import {
  benchCatalog,
  benchModule,
  commandWithOutbox,
  commandWithoutOutbox,
  seedItems,
  type BenchDb,
} from './outbox/bench-schema'
import {
  closedLoopRate,
  commitToHandlerLatency,
  drainRate,
  hotAggregateLatency,
  insertBacklog,
  outboxWriteCost,
  resetOutbox,
} from './outbox/measure'

const items = 10_000

interface Figures {
  backlog: number
  drain1: number
  drain2: number
  maxWriteRate: number
  latencyRate: number
  p50: number
  p99: number
  hotP50: number
  hotP99: number
  ratio: number
}

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

async function measure(label: string, url: string, backlog: number): Promise<Figures> {
  const writers = url ? 4 : 1
  const testDb = await createTestDb<BenchDb>({ modules: [outboxMigrations, benchModule], url })
  try {
    const { db } = testDb
    const outbox = createOutbox({ catalog: benchCatalog })
    await seedItems(db, items)
    log(`\n== ${label} (fresh ${testDb.driver} database, ${writers} writer(s)) ==`)

    const drains: number[] = []
    for (const relays of [1, 2]) {
      await resetOutbox(db)
      const insertStarted = performance.now()
      await insertBacklog(db, outbox, { total: backlog, aggregates: items })
      const insertSeconds = (performance.now() - insertStarted) / 1000
      const rate = await drainRate(db, relays)
      drains.push(rate)
      log(
        `drain ${backlog.toLocaleString('en')} events, ${relays} relay(s): ` +
          `${rate.toFixed(0)} events/s (backlog inserted in ${insertSeconds.toFixed(1)} s)`,
      )
    }

    await resetOutbox(db)
    const withOutbox = commandWithOutbox(db, outbox)
    const maxWriteRate = await closedLoopRate(withOutbox, { writers, items, ms: 3_000 })
    log(`max write rate (update + event, 3 s): ${maxWriteRate.toFixed(0)} commands/s`)

    await resetOutbox(db)
    const latencyRate = maxWriteRate / 2
    const latency = await commitToHandlerLatency(
      { db, outbox, command: withOutbox },
      {
        rate: latencyRate,
        ms: 5_000,
        writers,
        items,
      },
    )
    log(
      `commit → handler at ${latencyRate.toFixed(0)} commands/s for 5 s: ` +
        `p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms ` +
        `(${latency.delivered}/${latency.commands} delivered)`,
    )

    await resetOutbox(db)
    const hot = await hotAggregateLatency(
      { db, outbox },
      { bursts: 30, burstSize: 10, pollIntervalMs: 500, items },
    )
    log(
      `commit → handler, 30 bursts of 10 events on one aggregate in one commit (poll interval 500 ms): ` +
        `p50 ${hot.p50.toFixed(1)} ms, p99 ${hot.p99.toFixed(1)} ms ` +
        `(${hot.delivered}/${hot.commands} delivered)`,
    )

    await resetOutbox(db)
    const cost = await outboxWriteCost(withOutbox, commandWithoutOutbox(db), {
      ms: 3_000,
      writers,
      items,
    })
    log(
      `write cost (A B A B, 3 s each): with outbox ${cost.withOutbox.toFixed(0)}/s, ` +
        `without ${cost.withoutOutbox.toFixed(0)}/s, ratio ${cost.ratio.toFixed(3)}`,
    )

    return {
      backlog,
      drain1: drains[0] ?? Number.NaN,
      drain2: drains[1] ?? Number.NaN,
      maxWriteRate,
      latencyRate,
      p50: latency.p50,
      p99: latency.p99,
      hotP50: hot.p50,
      hotP99: hot.p99,
      ratio: cost.ratio,
    }
  } finally {
    await testDb.destroy()
  }
}

interface Row {
  metric: string
  value: (figures: Figures) => number
  digits: number
  target?: { text: string; met: (value: number) => boolean }
}

const rows: Row[] = [
  {
    metric: 'drain, 1 relay (events/s)',
    value: (f) => f.drain1,
    digits: 0,
    target: { text: '>= 5,000', met: (x) => x >= 5_000 },
  },
  {
    metric: 'drain, 2 relays (events/s)',
    value: (f) => f.drain2,
    digits: 0,
    target: { text: '>= 5,000', met: (x) => x >= 5_000 },
  },
  { metric: 'backlog drained (events)', value: (f) => f.backlog, digits: 0 },
  { metric: 'max write rate (commands/s)', value: (f) => f.maxWriteRate, digits: 0 },
  { metric: 'latency load (commands/s)', value: (f) => f.latencyRate, digits: 0 },
  {
    metric: 'commit → handler p50 (ms)',
    value: (f) => f.p50,
    digits: 1,
    target: { text: '<= 10', met: (x) => x <= 10 },
  },
  {
    metric: 'commit → handler p99 (ms)',
    value: (f) => f.p99,
    digits: 1,
    target: { text: '<= 50', met: (x) => x <= 50 },
  },
  {
    metric: 'hot aggregate burst p50 (ms)',
    value: (f) => f.hotP50,
    digits: 1,
    target: { text: '<= 10', met: (x) => x <= 10 },
  },
  {
    metric: 'hot aggregate burst p99 (ms)',
    value: (f) => f.hotP99,
    digits: 1,
    target: { text: '<= 50', met: (x) => x <= 50 },
  },
  {
    metric: 'write cost with/without outbox',
    value: (f) => f.ratio,
    digits: 3,
    target: { text: '>= 0.85', met: (x) => x >= 0.85 },
  },
]

function printSummary(postgres: Figures | undefined, pglite: Figures): void {
  const cell = (figures: Figures | undefined, row: Row): string =>
    figures ? row.value(figures).toFixed(row.digits) : 'skipped'
  const status = (figures: Figures | undefined, row: Row): string => {
    if (!row.target) return '-'
    if (!figures) return 'n/a'
    return row.target.met(row.value(figures)) ? 'met' : 'MISSED'
  }
  const line = (columns: readonly string[]): string =>
    `${(columns[0] ?? '').padEnd(32)}${(columns[1] ?? '').padStart(12)}${(columns[2] ?? '').padStart(12)}` +
    `  ${(columns[3] ?? '').padEnd(10)}${columns[4] ?? ''}`
  log('\n== summary (targets are for PostgreSQL; PGlite status is informational) ==')
  log(line(['metric', 'PostgreSQL', 'PGlite', 'target', 'PostgreSQL / PGlite']))
  for (const row of rows) {
    log(
      line([
        row.metric,
        cell(postgres, row),
        cell(pglite, row),
        row.target?.text ?? '-',
        row.target ? `${status(postgres, row)} / ${status(pglite, row)}` : '-',
      ]),
    )
  }
}

const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
let postgres: Figures | undefined
if (postgresUrl) {
  postgres = await measure('PostgreSQL', postgresUrl, 100_000)
} else {
  log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it)')
}
log('\nPGlite: backlog of 20,000 events instead of 100,000 (single in-process connection)')
const pglite = await measure('PGlite', '', 20_000)
printSummary(postgres, pglite)
// PGlite leaves a handle open after close() in some versions; the figures are printed, so exit.
process.exit(0)
