// Prints the request rate of (a) a hello-world JSON answer on raw node:http, (b) the same from a
// bare Hono route, and (c) the server's full middleware stack on an authenticated read route,
// each served by its own child process and loaded in alternating rounds from this one.
// Targets: bare Hono ≥ 0.80× raw, full stack ≥ 0.70× bare Hono (a miss is printed, not fatal).
// Run: pnpm bench:http (BENCH_HTTP_PROFILE=<dir> also writes a CPU profile of the full stack)
import { availableParallelism } from 'node:os'
import { startChildServer, type ChildServer } from './http/child-server'
import { median, runLoad, type LoadResult } from './http/load'

const ROUNDS = 3
const WARM_UP_SECONDS = 2
const MEASURE_SECONDS = 5
const CONNECTIONS = 50

interface Target {
  readonly key: string
  readonly label: string
  readonly server: ChildServer
  readonly results: LoadResult[]
}

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

/** One line of a table: the first column left-aligned, the others right-aligned. */
function row(first: string, ...rest: string[]): string {
  return first.padEnd(26) + rest.map((cell) => cell.padStart(12)).join('')
}

const whole = (value: number): string => value.toLocaleString('en', { maximumFractionDigits: 0 })

async function check(server: ChildServer): Promise<void> {
  const response = await fetch(server.url, { headers: { ...server.headers } })
  const body = await response.text()
  if (response.status !== 200) {
    throw new Error(`GET ${server.path} answered ${response.status}: ${body}`)
  }
}

async function measureRound(targets: readonly Target[]): Promise<string> {
  const cells: string[] = []
  for (const target of targets) {
    const { url, headers, pid } = target.server
    const load = { url, headers, pid, connections: CONNECTIONS }
    await runLoad({ ...load, seconds: WARM_UP_SECONDS })
    const result = await runLoad({ ...load, seconds: MEASURE_SECONDS })
    target.results.push(result)
    const failed = result.failures > 0 ? `, ${result.failures} FAILED` : ''
    cells.push(`${target.key} ${whole(result.rps)} req/s (p99 ${result.p99Ms} ms${failed})`)
  }
  return cells.join(' | ')
}

function printSummary(targets: readonly Target[]): void {
  const of = (target: Target, figure: (result: LoadResult) => number): number =>
    median(target.results.map(figure))
  log(`\n== summary (medians of ${ROUNDS} rounds) ==`)
  log(row('target', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req'))
  for (const target of targets) {
    log(
      row(
        target.label,
        whole(of(target, (r) => r.rps)),
        whole(of(target, (r) => r.p50Ms)),
        whole(of(target, (r) => r.p99Ms)),
        whole(of(target, (r) => r.cpuUsPerRequest)),
      ),
    )
  }
  const rps = new Map(targets.map((target) => [target.key, of(target, (r) => r.rps)]))
  const ratios = [
    { name: 'bare Hono / raw', over: 'hono', under: 'raw', target: 0.8 },
    { name: 'full stack / bare Hono', over: 'full', under: 'hono', target: 0.7 },
  ]
  log(row('ratio of req/s', 'value', 'target', 'status'))
  for (const { name, over, under, target } of ratios) {
    const value = (rps.get(over) ?? Number.NaN) / (rps.get(under) ?? Number.NaN)
    log(row(name, value.toFixed(2), `>= ${target.toFixed(2)}`, value >= target ? 'PASS' : 'MISS'))
  }
  log('CPU µs/req: the server process’s CPU time per answer, steadier than req/s under contention')
  const failures = targets.flatMap((t) => t.results).reduce((sum, r) => sum + r.failures, 0)
  if (failures > 0) log(`WARNING: ${failures} non-2xx answers or errors; the figures are suspect`)
}

const profileDir = process.env.BENCH_HTTP_PROFILE
const specs = [
  { key: 'raw', label: '(a) raw node:http', script: 'raw-server.ts', nodeFlags: [] },
  { key: 'hono', label: '(b) bare Hono', script: 'hono-server.ts', nodeFlags: [] },
  {
    key: 'full',
    label: '(c) full stack',
    script: 'full-stack-server.ts',
    nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  },
]
const targets: Target[] = []
try {
  for (const { key, label, script, nodeFlags } of specs) {
    const server = await startChildServer({ script, nodeFlags })
    targets.push({ key, label, server, results: [] })
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
  for (const target of targets) {
    log(`${target.label}: GET ${target.server.path}`)
    for (const note of target.server.notes ?? []) log(`  ${note}`)
  }
  if (profileDir) log(`CPU profile of the full stack: ${profileDir}`)
  for (let round = 1; round <= ROUNDS; round++)
    log(`round ${round}: ${await measureRound(targets)}`)
  printSummary(targets)
} finally {
  await Promise.all(targets.map((target) => target.server.stop()))
}
process.exit(0)
