import { randomUUID } from 'node:crypto'
import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDeliveryService } from './delivery-service'
import { createEndpointService } from './endpoint-service'
import { startReceiver, type Receiver } from './testing/receiver.test-helper'
import { webhooksKit } from './testing/webhooks-kit.test-helper'
import {
  envelope,
  webhooksTestDb,
  type WebhooksTestDb,
} from './testing/webhooks-test-db.test-helper'

// Reads cost a fixed number of statements, whatever the page size (no query per row).
describe('webhook reads', () => {
  let t: WebhooksTestDb
  let receiver: Receiver
  beforeAll(async () => {
    t = await webhooksTestDb()
    receiver = await startReceiver()
  }, 60_000)
  afterAll(async () => {
    await receiver.close()
    await t.testDb.destroy()
  })

  it('lists endpoints and deliveries, and reads a delivery with its attempts, in fixed statements', async () => {
    const kit = webhooksKit(t)
    const tenantId = randomUUID()
    for (let i = 0; i < 12; i += 1)
      await kit.endpoints.create(
        tenantId,
        { url: `${receiver.url}?${i}`, eventTypes: ['order.*'] },
        kit.actor,
      )
    const { endpoint } = await kit.endpoints.create(
      tenantId,
      { url: receiver.url, eventTypes: ['product.*'] },
      kit.actor,
    )
    for (let n = 0; n < 30; n += 1)
      await kit.fanout.handle(envelope(tenantId, 'product.created', n))
    receiver.answer = () => ({ status: 503 })
    for (let round = 0; round < 4; round += 1) {
      await kit.worker.drain()
      kit.clock.advance(60_000)
    }

    let statements = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: (args) => Promise.resolve(args.result),
    }
    const db = t.db.withPlugin(counting)
    const endpoints = createEndpointService({ db, events: t.outbox })
    const deliveries = createDeliveryService({ db, events: t.outbox })
    const count = async (work: () => Promise<unknown>) => {
      statements = 0
      await work()
      return statements
    }
    expect(await count(() => endpoints.list(tenantId, { limit: 10 }))).toBe(1)
    const page = await deliveries.list({ tenantId, id: endpoint.id }, { limit: 25 })
    expect(page.items).toHaveLength(25)
    expect(await count(() => deliveries.list({ tenantId, id: endpoint.id }, { limit: 25 }))).toBe(2)
    const detail = await deliveries.get({ tenantId, id: page.items[0]!.id })
    expect(detail.attemptLog).toHaveLength(4)
    expect(await count(() => deliveries.get({ tenantId, id: page.items[0]!.id }))).toBe(2)
  })
})
