// Prints the cost of a memory-cache hit (get, and getOrLoad on its hit path) next to a plain
// Map.get measured in the same run, and the loads under a 1,000-way stampede on one key.
// Run from the repository root:
//   node --conditions=@rustok/source --import tsx packages/core-cache/bench/cache-hit.bench.ts
import { cacheKey, createMemoryCache } from '../src/index'

interface Tenant {
  readonly id: string
  readonly slug: string
}

const iterations = 2_000_000
const warmup = 200_000
const keys = Array.from({ length: 100 }, (_, i) => cacheKey('tenant', 'slug', `shop-${i}`))
let sink = 0

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

/** Mean ns per call of `body(i)` over `iterations` calls, after a warm-up. */
function measure(body: (i: number) => Tenant | undefined): number {
  for (let i = 0; i < warmup; i++) if (body(i) !== undefined) sink++
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) if (body(i) !== undefined) sink++
  return Number(process.hrtime.bigint() - started) / iterations
}

async function measureAsync(body: (i: number) => Promise<Tenant | undefined>): Promise<number> {
  for (let i = 0; i < warmup; i++) if ((await body(i)) !== undefined) sink++
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) if ((await body(i)) !== undefined) sink++
  return Number(process.hrtime.bigint() - started) / iterations
}

async function stampede(): Promise<number> {
  const cache = createMemoryCache<Tenant>()
  let loads = 0
  const loader = async (): Promise<Tenant> => {
    loads++
    await new Promise((resolve) => setTimeout(resolve, 10))
    return { id: 't-1', slug: 'shop' }
  }
  await Promise.all(Array.from({ length: 1000 }, () => cache.getOrLoad('hot', loader)))
  return loads
}

const map = new Map<string, Tenant>()
const cache = createMemoryCache<Tenant>({ maxSize: 1000, ttlMs: 300_000 })
for (const [i, key] of keys.entries()) {
  const tenant = { id: `t-${i}`, slug: `shop-${i}` }
  map.set(key, tenant)
  cache.set(key, tenant)
}
const unreachable = (): Tenant => {
  throw new Error('a hit must not load')
}
const hitOptions = { negativeTtlMs: 60_000 }

const baseline = measure((i) => map.get(keys[i % 100] ?? ''))
const get = measure((i) => cache.get(keys[i % 100] ?? ''))
const getOrLoad = await measureAsync((i) =>
  cache.getOrLoad(keys[i % 100] ?? '', unreachable, hitOptions),
)
const awaitedBaseline = await measureAsync((i) => Promise.resolve(map.get(keys[i % 100] ?? '')))
const loads = await stampede()

log(
  `core-cache hit benchmark (${iterations.toLocaleString('en')} iterations after ${warmup.toLocaleString('en')} warm-up, Node ${process.version})`,
)
log(`Map.get baseline                    ${baseline.toFixed(1)} ns`)
log(
  `cache.get (hit)                     ${get.toFixed(1)} ns   (${(get / baseline).toFixed(1)}× Map.get)`,
)
log(`await Promise.resolve(Map.get)      ${awaitedBaseline.toFixed(1)} ns   (async baseline)`)
log(
  `await cache.getOrLoad (hit)         ${getOrLoad.toFixed(1)} ns   (${(getOrLoad / awaitedBaseline).toFixed(1)}× async baseline, ${(getOrLoad / baseline).toFixed(1)}× Map.get)`,
)
log(`1,000-way stampede on one key       ${loads} load(s)   (target 1)`)
log(`target ≤ 500 ns per hit: ${get <= 500 && getOrLoad <= 500 ? 'met' : 'NOT met'}`)
log(`stats: ${JSON.stringify(cache.stats())} (sink ${sink})`)
