// The HTTP hot path against baselines measured in the same run (ratios, not absolute rates):
//   (a) a hello-world JSON answer on raw node:http, (b) the same from a bare Hono route,
//   (c) the server's full stack on a signed-in cached read (GET /api/tenant, PGlite in memory),
//   (d)/(e) a signed-in route that reads one row (GET /api/auth/me) through the full stack and
//   its handler alone on a bare Hono route, (f)/(g) a validated POST (small JSON, one insert and
//   its outbox row) the same two ways; (d)-(g) on PostgreSQL (BENCH_DATABASE_URL or
//   TEST_DATABASE_URL; skipped without one), and (d') the one-row read with the rate limits
//   counted in memory instead of PostgreSQL and (d'') on PostgreSQL without leases, one
//   statement per request as before ADR 0023 (reported: what the shared counters cost). Each
//   server is its own child process, loaded in alternating rounds from this one. Then the
//   outbox row's cost on a real command (create a tenant) and on a one-row UPDATE, the servers'
//   RSS after the load, and the time from `pnpm start` to the first 200 on a warm data folder.
//   A missed target is printed, not fatal.
// Run: pnpm bench:http (BENCH_HTTP_QUICK=1: one round; BENCH_HTTP_SKIP=outbox,start to leave those
// out). Where the microseconds go: pnpm bench:http:layers.
import { availableParallelism } from 'node:os'
import { startChildServer, type ChildServer } from './http/child-server'
import { benchDatabaseUrl, ensureBenchDatabase } from './http/bench-database'
import { median, runLoad, type LoadResult } from './http/load'
import { measureOutboxCost } from './http/outbox-cost'
import { processRssBytes } from './http/process-cpu'
import { measureStartTime } from './http/start-time'

const quick = process.env.BENCH_HTTP_QUICK === '1'
const skip = new Set((process.env.BENCH_HTTP_SKIP ?? '').split(',').filter(Boolean))
const ROUNDS = quick ? 1 : 3
const WARM_UP_SECONDS = 2
const MEASURE_SECONDS = quick ? 3 : 4
const CONNECTIONS = 50

interface Spec {
  readonly key: string
  readonly label: string
  readonly script: string
  readonly env?: Readonly<Record<string, string>>
}

interface Target extends Spec {
  readonly server: ChildServer
  readonly results: LoadResult[]
}

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

/** One line of a table: the first column left-aligned, the others right-aligned. */
function row(first: string, ...rest: string[]): string {
  return first.padEnd(34) + rest.map((cell) => cell.padStart(12)).join('')
}

const whole = (value: number): string => value.toLocaleString('en', { maximumFractionDigits: 0 })
const status = (value: number, target: number): string => (value >= target ? 'PASS' : 'MISS')

async function check(server: ChildServer): Promise<void> {
  const response = await fetch(server.url, {
    method: server.method ?? 'GET',
    headers: { ...server.headers },
    ...(server.body === undefined ? {} : { body: server.body }),
  })
  const body = await response.text()
  if (response.status >= 300) {
    throw new Error(`${server.method ?? 'GET'} ${server.path} answered ${response.status}: ${body}`)
  }
}

async function measureRound(targets: readonly Target[]): Promise<string> {
  const cells: string[] = []
  for (const target of targets) {
    const { url, headers, pid, method, body } = target.server
    const load = { url, headers, pid, method, body, connections: CONNECTIONS }
    await runLoad({ ...load, seconds: WARM_UP_SECONDS })
    const result = await runLoad({ ...load, seconds: MEASURE_SECONDS })
    target.results.push(result)
    const failed = result.failures > 0 ? `, ${result.failures} FAILED` : ''
    cells.push(`${target.key} ${whole(result.rps)}/s${failed}`)
  }
  return cells.join(' | ')
}

await ensureBenchDatabase()
const pgUrl = benchDatabaseUrl()
const pg = (env: Record<string, string>) => ({ ...env, DATABASE_URL: pgUrl ?? '' })
const specs: Spec[] = [
  { key: 'raw', label: '(a) raw node:http', script: 'raw-server.ts' },
  { key: 'hono', label: '(b) bare Hono', script: 'hono-server.ts' },
  { key: 'full', label: '(c) full stack, cached read', script: 'stack-server.ts' },
  ...(pgUrl === undefined
    ? []
    : [
        {
          key: 'fullRow',
          label: '(d) full stack, one-row read',
          script: 'stack-server.ts',
          env: pg({ BENCH_ROUTE: 'me' }),
        },
        {
          key: 'fullRowMem',
          label: "(d') (d), rate limits in memory",
          script: 'stack-server.ts',
          env: pg({ BENCH_ROUTE: 'me', BENCH_RATE_LIMIT_STORE: 'memory' }),
        },
        {
          key: 'fullRowPerPass',
          label: "(d'') (d), no leases",
          script: 'stack-server.ts',
          env: pg({ BENCH_ROUTE: 'me', BENCH_RATE_LIMIT_STORE: 'per-pass' }),
        },
        {
          key: 'bareRow',
          label: '(e) same handler bare',
          script: 'stack-server.ts',
          env: pg({ BENCH_ROUTE: 'me', BENCH_SERVE: 'bare' }),
        },
        {
          key: 'fullPost',
          label: '(f) full stack, validated POST',
          script: 'stack-server.ts',
          env: pg({ BENCH_ROUTE: 'note' }),
        },
        {
          key: 'barePost',
          label: '(g) same handler bare',
          script: 'stack-server.ts',
          env: pg({ BENCH_ROUTE: 'note', BENCH_SERVE: 'bare' }),
        },
      ]),
]

const ratios = [
  { name: 'bare Hono / raw', over: 'hono', under: 'raw', target: 0.8 },
  { name: 'cached read / bare Hono', over: 'full', under: 'hono', target: 0.5 },
  { name: 'one-row read / bare handler', over: 'fullRow', under: 'bareRow', target: 0.8 },
  { name: 'validated POST / bare handler', over: 'fullPost', under: 'barePost', target: 0.8 },
  {
    name: "(d') memory limits / bare",
    over: 'fullRowMem',
    under: 'bareRow',
    target: NaN,
  },
  {
    name: "(d'') no leases / bare",
    over: 'fullRowPerPass',
    under: 'bareRow',
    target: NaN,
  },
]

function printSummary(targets: readonly Target[]): void {
  const of = (target: Target, figure: (result: LoadResult) => number): number =>
    median(target.results.map(figure))
  log(`\n== summary (medians of ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}) ==`)
  log(row('target', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'RSS MiB'))
  for (const target of targets) {
    const rss = processRssBytes(target.server.pid)
    log(
      row(
        target.label,
        whole(of(target, (r) => r.rps)),
        whole(of(target, (r) => r.p50Ms)),
        whole(of(target, (r) => r.p99Ms)),
        whole(of(target, (r) => r.cpuUsPerRequest)),
        rss === undefined ? '?' : whole(rss / 2 ** 20),
      ),
    )
  }
  const rps = new Map(targets.map((target) => [target.key, of(target, (r) => r.rps)]))
  const cpu = new Map(targets.map((target) => [target.key, of(target, (r) => r.cpuUsPerRequest)]))
  log(row('ratio', 'req/s', 'CPU', 'target', 'status'))
  for (const { name, over, under, target } of ratios) {
    if (!rps.has(over) || !rps.has(under)) continue
    const value = (rps.get(over) ?? Number.NaN) / (rps.get(under) ?? Number.NaN)
    // The CPU ratio (the baseline's CPU per request over the target's) is steadier under contention.
    const cpuValue = (cpu.get(under) ?? Number.NaN) / (cpu.get(over) ?? Number.NaN)
    // A figure without a target (NaN) is reported only.
    const reported = Number.isNaN(target)
    log(
      row(
        name,
        value.toFixed(2),
        cpuValue.toFixed(2),
        reported ? '-' : `>= ${target.toFixed(2)}`,
        reported ? '-' : status(value, target),
      ),
    )
  }
  log('CPU: the baseline’s server CPU per answer over the target’s (req/s ratio in its terms)')
  log(
    'RSS: each server process’s resident memory after its load; (c) on PGlite, (d)-(g) on PostgreSQL',
  )
  const failures = targets.flatMap((t) => t.results).reduce((sum, r) => sum + r.failures, 0)
  if (failures > 0) log(`WARNING: ${failures} non-2xx answers or errors; the figures are suspect`)
}

async function printOutboxCost(): Promise<void> {
  const writers = 8
  const cost = await measureOutboxCost({ url: pgUrl, ms: quick ? 1_500 : 3_000, writers })
  const where = pgUrl === undefined ? 'PGlite' : 'PostgreSQL'
  log(`\n== outbox row cost (${where}, ${writers} writers, A B A B) ==`)
  log(row('command', 'with/s', 'without/s', 'ratio', 'target', 'status'))
  const { createTenant, singleUpdate } = cost
  log(
    row(
      'create a tenant (4 statements)',
      whole(createTenant.withOutbox),
      whole(createTenant.withoutOutbox),
      createTenant.ratio.toFixed(2),
      '>= 0.85',
      status(createTenant.ratio, 0.85),
    ),
  )
  log(
    row(
      'one-row UPDATE (reported)',
      whole(singleUpdate.withOutbox),
      whole(singleUpdate.withoutOutbox),
      singleUpdate.ratio.toFixed(2),
      '-',
      '-',
    ),
  )
}

const targets: Target[] = []
try {
  for (const spec of specs) {
    const server = await startChildServer({ script: spec.script, env: spec.env ?? {} })
    targets.push({ ...spec, server, results: [] })
    await check(server)
  }
  log(
    `== HTTP throughput: autocannon, ${CONNECTIONS} connections, pipelining 1; ` +
      `${WARM_UP_SECONDS} s warm-up + ${MEASURE_SECONDS} s measured per target and round ==`,
  )
  log(
    `node ${process.version}, ${availableParallelism()} CPUs; each server in its own child ` +
      'process, loaded one at a time (the others idle) from this process',
  )
  log('figures are from one run on a shared machine: read the ratios, not the absolute rates')
  if (pgUrl === undefined) log('(d)-(g): skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)')
  for (const target of targets) {
    log(`${target.label}: ${target.server.method ?? 'GET'} ${target.server.path}`)
    for (const note of target.server.notes ?? []) log(`  ${note}`)
  }
  for (let round = 1; round <= ROUNDS; round++)
    log(`round ${round}: ${await measureRound(targets)}`)
  printSummary(targets)
} finally {
  await Promise.all(targets.map((target) => target.server.stop()))
}
if (!skip.has('outbox')) await printOutboxCost()
if (!skip.has('start')) {
  const { cold, warm } = await measureStartTime()
  log('\n== pnpm start → first 200 of /health/live (PGlite data folder) ==')
  log(row('start', 'ms', 'target', 'status'))
  log(row('new data folder (reported)', whole(cold), '-', '-'))
  log(row('warm data folder', whole(warm), '<= 3,000', warm <= 3_000 ? 'PASS' : 'MISS'))
}
process.exit(0)
