// Before and after: one route of the full stack on another checkout of the repository (the code
// before a change) and on this one, loaded in alternating rounds in one run, with the route's
// handler mounted bare as the baseline (for `me` and `note`). Runs minutes apart differ by as
// much as a change saves on this shared machine; side by side they share its moods.
//   BENCH_AB_BASE    the other checkout, its dependencies installed, e.g.
//                    git worktree add /tmp/base <ref> && (cd /tmp/base && pnpm install --offline)
//   BENCH_ROUTE      tenant (default: the cached read, PGlite in memory) · me · note (PostgreSQL:
//                    BENCH_DATABASE_URL or TEST_DATABASE_URL)
//   BENCH_AB_ROUNDS  default 4
// Run: BENCH_AB_BASE=/tmp/base pnpm bench:http:ab
import { benchDatabaseUrl, ensureBenchDatabase } from './http/bench-database'
import { startChildServer, type ChildServer } from './http/child-server'
import { median, runLoad, type LoadResult } from './http/load'

const base = process.env.BENCH_AB_BASE
if (base === undefined) throw new Error('BENCH_AB_BASE: the root of the checkout to compare with')
const route = process.env.BENCH_ROUTE ?? 'tenant'
const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 4)
const WARM_UP_SECONDS = 2
const MEASURE_SECONDS = 4
const CONNECTIONS = 50

interface Target {
  readonly name: string
  readonly server: ChildServer
  readonly results: LoadResult[]
}

const log = (line: string): void => void process.stdout.write(`${line}\n`)
const whole = (value: number): string => value.toLocaleString('en', { maximumFractionDigits: 0 })

const env: Record<string, string> = { BENCH_ROUTE: route }
if (route !== 'tenant') {
  await ensureBenchDatabase()
  const url = benchDatabaseUrl()
  if (url === undefined)
    throw new Error(`BENCH_ROUTE=${route} needs BENCH_DATABASE_URL or TEST_DATABASE_URL`)
  env.DATABASE_URL = url
}
const targets: Target[] = []
try {
  targets.push({
    name: 'before',
    server: await startChildServer({ script: 'stack-server.ts', env, checkout: base }),
    results: [],
  })
  targets.push({
    name: 'after',
    server: await startChildServer({ script: 'stack-server.ts', env }),
    results: [],
  })
  // The cached read's handler needs the tenant the chain resolves: its baseline is bench:http's
  // bare Hono, not a bare handler.
  if (route !== 'tenant')
    targets.push({
      name: 'bare',
      server: await startChildServer({
        script: 'stack-server.ts',
        env: { ...env, BENCH_SERVE: 'bare' },
      }),
      results: [],
    })
  log(
    `== ${targets[1]?.server.method ?? 'GET'} ${targets[1]?.server.path ?? ''}: ${base} (before) ` +
      `and this checkout (after), ${rounds} rounds, ${CONNECTIONS} connections ==`,
  )
  for (let round = 1; round <= rounds; round++) {
    // Alternating order, so neither side always runs first after the other's load.
    const order = round % 2 === 1 ? targets : [...targets].reverse()
    const cells: string[] = []
    for (const target of order) {
      const load = { ...target.server, connections: CONNECTIONS }
      await runLoad({ ...load, seconds: WARM_UP_SECONDS })
      const result = await runLoad({ ...load, seconds: MEASURE_SECONDS })
      target.results.push(result)
      const failed = result.failures > 0 ? `, ${result.failures} FAILED` : ''
      cells.push(
        `${target.name} ${whole(result.rps)}/s ${whole(result.cpuUsPerRequest)} µs${failed}`,
      )
    }
    log(`round ${round}: ${cells.join(' | ')}`)
  }
  const bare = targets.find((target) => target.name === 'bare')
  const bareRps = bare && median(bare.results.map((r) => r.rps))
  log('\ntarget        median req/s   median CPU µs/req   of bare')
  for (const target of targets) {
    const rps = median(target.results.map((r) => r.rps))
    const cpu = median(target.results.map((r) => r.cpuUsPerRequest))
    const ratio = bareRps === undefined ? '' : (rps / bareRps).toFixed(2)
    log(
      `${target.name.padEnd(14)}${whole(rps).padStart(12)}${whole(cpu).padStart(20)}${ratio.padStart(11)}`,
    )
  }
} finally {
  await Promise.all(targets.map((target) => target.server.stop()))
}
process.exit(0)
