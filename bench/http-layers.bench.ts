// Where the full stack's microseconds go: the signed-in cached read (GET /api/tenant, PGlite in
// memory) with every layer, then with one layer left out at a time (request log, metrics, rate
// limits), then with all three out, against bare Hono and against the floor: the same work
// written in one function (floor-server.ts), on bare node:http and as one bare Hono handler, and
// that floor without its log line and metrics, and without its headers, to price those. What the
// full stack costs over the floor in a Hono handler is the cost of its design (routing among
// every route, the middleware chain, each package's abstraction), not of the work. Each variant
// runs in its own child process, loaded in alternating rounds. The cost of a layer is the server
// CPU per request it adds (µs, steadier than req/s on a shared machine); beside it, the time each
// variant spends in V8's young-generation collections per request (each server counts its own,
// see gc-time.ts). With BENCH_HTTP_PROFILE=<dir>, the full stack is also profiled over one
// measured stretch (V8 CPU profile, start-up left out), the file written there and its self time
// summarised by package and function.
// Run: pnpm bench:http:layers
import { mkdirSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startChildServer, type ChildServer } from './http/child-server'
import { median, runLoad, type LoadResult } from './http/load'
import { summariseProfile } from './http/profile-summary'

const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 3)
const WARM_UP_SECONDS = 2
const MEASURE_SECONDS = 4
const CONNECTIONS = 50
const profileDir = process.env.BENCH_HTTP_PROFILE && resolve(process.env.BENCH_HTTP_PROFILE)

interface Variant {
  readonly key: string
  readonly label: string
  readonly script: string
  readonly without?: string
  /** Extra environment for the child (the floor's `BENCH_FLOOR`). */
  readonly env?: Readonly<Record<string, string>>
  server?: ChildServer
  readonly results: LoadResult[]
  /** Young-generation collection time per request, µs, per round. */
  readonly youngGc: number[]
}

type VariantSpec = Pick<Variant, 'key' | 'label' | 'script' | 'without' | 'env'>
const variant = (spec: VariantSpec): Variant => ({ ...spec, results: [], youngGc: [] })

const variants: Variant[] = [
  variant({ key: 'hono', label: 'bare Hono (hello world)', script: 'hono-server.ts' }),
  variant({ key: 'floor', label: 'floor: the work in one function', script: 'floor-server.ts' }),
  variant({
    key: 'floor-hono',
    label: 'floor in one Hono handler',
    script: 'floor-server.ts',
    env: { BENCH_FLOOR: 'hono' },
  }),
  ...['observability', 'headers'].map((part) =>
    variant({
      key: `floor-${part}`,
      label: `floor without ${part}`,
      script: 'floor-server.ts',
      env: { BENCH_FLOOR_WITHOUT: part },
    }),
  ),
  variant({ key: 'full', label: 'full stack', script: 'stack-server.ts' }),
  ...['log', 'metrics', 'rate-limit'].map((layer) =>
    variant({
      key: `-${layer}`,
      label: `without ${layer}`,
      script: 'stack-server.ts',
      without: layer,
    }),
  ),
  variant({
    key: '-all',
    label: 'without log, metrics, rate-limit',
    script: 'stack-server.ts',
    without: 'log,metrics,rate-limit',
  }),
]

const log = (line: string): void => void process.stdout.write(`${line}\n`)
const row = (first: string, ...rest: string[]): string =>
  first.padEnd(36) + rest.map((cell) => cell.padStart(12)).join('')
const whole = (value: number): string => value.toLocaleString('en', { maximumFractionDigits: 0 })

async function measure(variant: Variant, onMeasure?: (phase: 'start' | 'end') => void) {
  const server = variant.server
  if (!server) throw new Error(`${variant.key} not started`)
  const load = { ...server, connections: CONNECTIONS }
  await runLoad({ ...load, seconds: WARM_UP_SECONDS })
  onMeasure?.('start')
  const gcBefore = await server.gcTime()
  const result = await runLoad({ ...load, seconds: MEASURE_SECONDS })
  const gcAfter = await server.gcTime()
  onMeasure?.('end')
  variant.youngGc.push(((gcAfter.youngMs - gcBefore.youngMs) * 1000) / result.requests)
  return result
}

try {
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  for (const variant of variants) {
    variant.server = await startChildServer({
      script: variant.script,
      env: {
        BENCH_ROUTE: 'tenant',
        ...variant.env,
        ...(variant.without ? { BENCH_WITHOUT: variant.without } : {}),
        ...(profileDir && variant.key === 'full' ? { BENCH_PROFILE_DIR: profileDir } : {}),
      },
    })
  }
  log(
    `== full-stack layers: GET /api/tenant, PGlite in memory; autocannon ${CONNECTIONS} connections, ` +
      `${WARM_UP_SECONDS} s warm-up + ${MEASURE_SECONDS} s per variant and round, ${ROUNDS} rounds ==`,
  )
  for (let round = 1; round <= ROUNDS; round++) {
    const cells: string[] = []
    for (const variant of variants) {
      const result = await measure(variant)
      variant.results.push(result)
      cells.push(`${variant.key} ${whole(result.cpuUsPerRequest)} µs`)
    }
    log(`round ${round}: ${cells.join(' | ')}`)
  }
  // The least CPU per request of the rounds: on a shared machine other load only ever adds to it
  // (cache misses, preemption), so the minimum is the steadiest estimate of a variant's own cost.
  const cpu = (variant: Variant) => Math.min(...variant.results.map((r) => r.cpuUsPerRequest))
  const rps = (variant: Variant) => median(variant.results.map((r) => r.rps))
  const byKey = (key: string): Variant => {
    const found = variants.find((variant) => variant.key === key)
    if (!found) throw new Error(`variant ${key} missing`)
    return found
  }
  const full = byKey('full')
  const hono = byKey('hono')
  const floor = byKey('floor')
  const floorHono = byKey('floor-hono')
  const floorQuiet = byKey('floor-observability')
  const floorPlain = byKey('floor-headers')
  // A refusal (a 4xx, say) is cheaper than an answer: a variant with any measured the wrong work.
  for (const variant of variants) {
    const failures = variant.results.reduce((sum, result) => sum + result.failures, 0)
    if (failures > 0)
      log(
        `WARNING: ${variant.label}: ${whole(failures)} answers not 2xx; its figures are not its work`,
      )
  }
  log(`\n${row('variant', 'req/s', 'min CPU µs', 'layer µs', 'share', 'young GC µs')}`)
  for (const variant of variants) {
    const saved = variant.without === undefined ? undefined : cpu(full) - cpu(variant)
    log(
      row(
        variant.label,
        whole(rps(variant)),
        whole(cpu(variant)),
        saved === undefined ? '' : whole(saved),
        saved === undefined ? '' : `${((100 * saved) / cpu(full)).toFixed(0)}%`,
        median(variant.youngGc).toFixed(1),
      ),
    )
  }
  log(`the rest over bare Hono: ${whole(cpu(full) - cpu(hono))} µs per request in all`)
  const ratio = (of: Variant) =>
    `${(rps(of) / rps(hono)).toFixed(2)}× bare Hono's req/s, ${(cpu(hono) / cpu(of)).toFixed(2)}× by CPU`
  log(`floor, the same work with no framework: ${ratio(floor)}`)
  log(`floor in one Hono handler: ${ratio(floorHono)}`)
  log(
    `of the floor's work, the log line and two metric updates cost ` +
      `${whole(cpu(floor) - cpu(floorQuiet))} µs, the eight headers ${whole(cpu(floor) - cpu(floorPlain))} µs`,
  )
  log(`full stack: ${ratio(full)}`)
  log(
    `the full stack's design over the floor in one Hono handler: ` +
      `${whole(cpu(full) - cpu(floorHono))} µs per request`,
  )
  log(
    'young GC µs: time in young-generation collections per request (median of the rounds), on ' +
      "the server's main thread; a per-request object kept alive by something long-lived shows " +
      'here first (ADR 0040)',
  )
  if (profileDir && full.server) {
    const pid = full.server.pid
    await measure(full, () => process.kill(pid, 'SIGUSR2'))
    // The profile is written once the server has stopped the profiler.
    const file = join(profileDir, `stack-${pid}.cpuprofile`)
    for (
      let tries = 0;
      tries < 100 && !readdirSync(profileDir).includes(`stack-${pid}.cpuprofile`);
      tries++
    )
      await new Promise((done) => setTimeout(done, 100))
    log(`\nCPU profile of the full stack over ${MEASURE_SECONDS} s of load: ${file}`)
    log(summariseProfile(file))
  }
} finally {
  await Promise.all(
    variants.map(async (variant) => {
      await variant.server?.stop()
    }),
  )
}
process.exit(0)
