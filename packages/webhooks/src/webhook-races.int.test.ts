import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from './testing/receiver.test-helper'
import { webhooksKit } from './testing/webhooks-kit.test-helper'
import {
  envelope,
  webhooksTestDb,
  type WebhooksTestDb,
} from './testing/webhooks-test-db.test-helper'

// Truly parallel on PostgreSQL (a pool of connections); on PGlite the same calls interleave on
// one connection.
describe('webhook races', () => {
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

  it('four workers draining at once send each delivery once, each event applied once', async () => {
    const kits = Array.from({ length: 4 }, () =>
      webhooksKit(t, { worker: { batchSize: 7, perEndpointConcurrency: 50 } }),
    )
    const [kit] = kits as [ReturnType<typeof webhooksKit>]
    const tenantId = randomUUID()
    for (let e = 0; e < 3; e += 1)
      await kit.endpoints.create(
        tenantId,
        { url: `${receiver.url}?e=${e}`, eventTypes: ['*'] },
        kit.actor,
      )
    for (let n = 1; n <= 60; n += 1)
      await kit.fanout.handle(envelope(tenantId, 'product.created', n))
    receiver.received.length = 0
    receiver.answer = () => ({ status: 200 })
    const claimed = await Promise.all(kits.map((k) => k.worker.drain()))
    expect(claimed.reduce((sum, n) => sum + n, 0)).toBe(180)
    const ids = receiver.received.map((r) => String(r.headers['webhook-id']))
    expect(ids.length).toBe(180)
    expect(new Set(ids).size).toBe(180)
  })

  it('two redeliveries of one delivery at once: one queues it, the other is a conflict', async () => {
    const kit = webhooksKit(t)
    const tenantId = randomUUID()
    const { endpoint } = await kit.endpoints.create(
      tenantId,
      { url: receiver.url, eventTypes: ['*'] },
      kit.actor,
    )
    receiver.answer = () => ({ status: 200 })
    const test = await kit.deliveries.sendTest({ tenantId, id: endpoint.id })
    await kit.worker.drain()
    for (let round = 0; round < 10; round += 1) {
      const outcomes = await Promise.allSettled([
        kit.deliveries.redeliver({ tenantId, id: test.id }),
        kit.deliveries.redeliver({ tenantId, id: test.id }),
      ])
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      const rejected = outcomes.find((o) => o.status === 'rejected')
      expect(rejected?.reason).toMatchObject({ code: 'CONFLICT' })
      await kit.worker.drain()
    }
  })
})
