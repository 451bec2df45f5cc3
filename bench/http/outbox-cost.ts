// What writing the outbox row costs a real command: creating a tenant (a uniqueness read, the
// tenant row, its first locale row, and the `tenant.created` event) with the outbox, against the
// same command whose event writer inserts nothing; and, for comparison, a one-row UPDATE with and
// without its event (bench/outbox's command). In this process, on a fresh database.
import { createTenantStore, tenantMigrations } from '@rustok/core-tenant'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb } from '@rustok/test-utils'
import {
  benchCatalog,
  benchModule,
  commandWithOutbox,
  commandWithoutOutbox,
  seedItems,
  type BenchDb,
} from '../outbox/bench-schema'
import { outboxWriteCost, type WriteCostResult } from '../outbox/measure'
import { eventCatalogOf } from '@rustok/http'
import { tenancyModule } from '@rustok/core-tenant/http'

/** Both figures of {@link measureOutboxCost}. */
export interface OutboxCost {
  readonly createTenant: WriteCostResult
  readonly singleUpdate: WriteCostResult
}

/** Commands/s with and without the outbox row, `ms` per run, A B A B, `writers` at once. */
export async function measureOutboxCost(options: {
  readonly url: string | undefined
  readonly ms: number
  readonly writers: number
}): Promise<OutboxCost> {
  const { url, ms, writers } = options
  const testDb = await createTestDb<BenchDb>({
    modules: [outboxMigrations, tenantMigrations, benchModule],
    url,
  })
  try {
    const { db } = testDb
    const outbox = createOutbox({ catalog: eventCatalogOf([tenancyModule]) })
    const withEvents = createTenantStore({ db, events: outbox })
    const withoutEvents = createTenantStore({
      db,
      events: { publishInTx: () => Promise.resolve() },
    })
    let serial = 0
    const create = (tenants: typeof withEvents) => async () => {
      const slug = `t-${process.pid}-${++serial}`
      const result = await tenants.create({ slug, name: `Tenant ${serial}` })
      if (!result.ok) throw new Error(`tenant not created: ${JSON.stringify(result)}`)
      return undefined
    }
    const createTenant = await outboxWriteCost(create(withEvents), create(withoutEvents), {
      ms,
      writers,
      items: 1,
    })
    const items = 1_000
    await seedItems(db, items)
    const updateOutbox = createOutbox({ catalog: benchCatalog })
    const singleUpdate = await outboxWriteCost(
      commandWithOutbox(db, updateOutbox),
      commandWithoutOutbox(db),
      { ms, writers, items },
    )
    return { createTenant, singleUpdate }
  } finally {
    await testDb.destroy()
  }
}
