// Prints the cost of a tenant-cache hit (target ≤ 500 ns mean) against an awaited Map lookup
// measured in the same run, and the loads caused by a 1,000-way stampede (target exactly 1).
// Run: pnpm bench:tenant-cache
import { createMemoryCache } from '@rustok/core-cache'
import { createTenantCache, type Tenant, type TenantLookup } from '@rustok/core-tenant'

const tenant: Tenant = {
  id: '0190a000-0000-7000-8000-0000000000aa',
  slug: 'acme',
  name: 'Acme',
  domain: 'shop.acme.test',
  defaultLocale: 'en',
  active: true,
  settings: {},
  createdAt: new Date(0),
  updatedAt: new Date(0),
}

let loads = 0
const lookup: TenantLookup = {
  async find(identifier) {
    loads += 1
    await new Promise((resolve) => setTimeout(resolve, 5)) // a database round trip
    return identifier.value === tenant.slug ? tenant : undefined
  },
}

const tenants = createTenantCache({ cache: createMemoryCache<Tenant>({ maxSize: 10_000 }), lookup })
const bySlug = { kind: 'slug', value: 'acme' } as const

// 1,000 concurrent misses for one key.
await Promise.all(Array.from({ length: 1_000 }, () => tenants.find(bySlug)))
const stampedeLoads = loads

async function meanNs(
  label: string,
  iterations: number,
  run: () => Promise<unknown>,
): Promise<number> {
  for (let i = 0; i < 100_000; i++) await run() // warm-up
  const started = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) await run()
  const ns = Number(process.hrtime.bigint() - started) / iterations
  process.stdout.write(`${label.padEnd(44)} ${ns.toFixed(1).padStart(7)} ns\n`)
  return ns
}

const map = new Map([['tenant:v1:slug:acme', tenant]])
const iterations = 1_000_000
const baseline = await meanNs('baseline: await Map.get', iterations, () =>
  Promise.resolve(map.get('tenant:v1:slug:acme')),
)
const hit = await meanNs('tenant cache hit: await tenants.find(slug)', iterations, () =>
  tenants.find(bySlug),
)
process.stdout.write(`ratio to baseline: ${(hit / baseline).toFixed(2)}x\n`)
process.stdout.write(`1,000-way stampede: ${stampedeLoads} load(s) (target exactly 1)\n`)
process.stdout.write(`hit cost target ≤ 500 ns: ${hit <= 500 ? 'met' : 'MISSED'}\n`)
process.exit(0)
