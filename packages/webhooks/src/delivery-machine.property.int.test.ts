import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from './testing/receiver.test-helper'
import { webhooksKit } from './testing/webhooks-kit.test-helper'
import {
  envelope,
  webhooksTestDb,
  type WebhooksTestDb,
} from './testing/webhooks-test-db.test-helper'

const MAX_ATTEMPTS = 5

type Command =
  | { readonly kind: 'publish' }
  | { readonly kind: 'answer'; readonly status: number }
  | { readonly kind: 'round' }
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'redeliver'; readonly index: number }

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constant({ kind: 'publish' as const }),
  fc.constantFrom(200, 204, 404, 410, 429, 500, 503).map((status) => ({
    kind: 'answer' as const,
    status,
  })),
  fc.constant({ kind: 'round' as const }),
  fc.integer({ min: 0, max: 20_000 }).map((ms) => ({ kind: 'tick' as const, ms })),
  fc.nat(20).map((index) => ({ kind: 'redeliver' as const, index })),
)

// Random sequences of events, receiver answers, worker rounds, clock ticks and redeliveries never
// leave a delivery in an impossible state, and never lose an event: once the receiver answers 200
// and time passes, every event not dead-lettered is delivered.
describe('the delivery state machine (property)', () => {
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

  it('keeps every delivery valid and loses no event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (commands) => {
        const kit = webhooksKit(t)
        const tenantId = randomUUID()
        const { endpoint } = await kit.endpoints.create(
          tenantId,
          { url: receiver.url, eventTypes: ['*'] },
          kit.actor,
        )
        let status = 200
        receiver.answer = () => ({ status })
        const events: string[] = []
        const rows = () =>
          t.db
            .selectFrom('webhook_deliveries')
            .selectAll()
            .where('endpoint_id', '=', endpoint.id)
            .orderBy('id')
            .execute()
        const check = async () => {
          const all = await rows()
          expect(all.map((r) => r.event_id).sort()).toEqual([...events].sort())
          for (const row of all) {
            expect(['pending', 'succeeded', 'dead']).toContain(row.status)
            expect(row.lease_owner).toBeNull()
            expect(row.attempts).toBeLessThanOrEqual(MAX_ATTEMPTS)
            if (row.status === 'succeeded') expect(row.delivered_at).not.toBeNull()
            if (row.status === 'dead') expect(row.attempts).toBeGreaterThan(0)
          }
        }
        for (const step of commands) {
          switch (step.kind) {
            case 'publish': {
              const event = envelope(tenantId, 'product.created', events.length)
              events.push(event.id)
              await kit.fanout.handle(event)
              break
            }
            case 'answer':
              status = step.status
              break
            case 'round':
              await kit.worker.runOnce()
              break
            case 'tick':
              kit.clock.advance(step.ms)
              break
            case 'redeliver': {
              const target = (await rows())[step.index]
              if (target)
                await kit.deliveries.redeliver({ tenantId, id: target.id }).catch(() => undefined)
              break
            }
          }
          await check()
        }
        // The receiver recovers: every event that is not dead is delivered.
        status = 200
        for (let i = 0; i < MAX_ATTEMPTS + 1; i += 1) {
          kit.clock.advance(120_000)
          await kit.worker.drain()
        }
        await check()
        expect((await rows()).filter((r) => r.status === 'pending')).toEqual([])
      }),
      { numRuns: 12 },
    )
  }, 120_000)
})
