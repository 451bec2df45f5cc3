import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReceiver, type Receiver } from './testing/receiver.test-helper'
import { verifyStandardWebhook } from './testing/standard-webhooks-verifier.test-helper'
import { webhooksKit } from './testing/webhooks-kit.test-helper'
import {
  envelope,
  webhooksTestDb,
  type WebhooksTestDb,
} from './testing/webhooks-test-db.test-helper'

describe('webhook deliveries', () => {
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

  const pendingOf = (deliveryId: string) =>
    t.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .executeTakeFirstOrThrow()

  it('fails N times then succeeds: one success per event, attempts spaced by the backoff, signed', async () => {
    const kit = webhooksKit(t)
    const tenantId = randomUUID()
    const { endpoint, secret } = await kit.endpoints.create(
      tenantId,
      { url: receiver.url, eventTypes: ['product.*'], headers: { 'x-shop': 'acme' } },
      kit.actor,
    )
    const failures = 3
    const seen = new Map<string, number>()
    receiver.received.length = 0
    receiver.answer = (request) => {
      const id = String(request.headers['webhook-id'])
      const count = (seen.get(id) ?? 0) + 1
      seen.set(id, count)
      return count <= failures ? { status: 503, body: 'down' } : { status: 200, body: 'ok' }
    }
    const events = [
      envelope(tenantId, 'product.created', 1),
      envelope(tenantId, 'product.updated', 2),
    ]
    for (const event of events) await kit.fanout.handle(event)
    await kit.fanout.handle(events[0]!) // an outbox redelivery fans out nothing new
    const rows = await t.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute()
    expect(rows.map((r) => r.event_type).sort()).toEqual(['product.created', 'product.updated'])

    const spacing: number[] = []
    for (let round = 0; round <= failures; round += 1) {
      expect(await kit.worker.runOnce()).toBe(2)
      const after = await Promise.all(rows.map((r) => pendingOf(r.id)))
      if (round < failures) {
        for (const row of after) {
          expect(row.status).toBe('pending')
          spacing.push(new Date(row.next_attempt_at).getTime() - kit.clock.now().getTime())
        }
        // Nothing is due before its time.
        expect(await kit.worker.runOnce()).toBe(0)
        kit.clock.set(
          new Date(Math.max(...after.map((r) => new Date(r.next_attempt_at).getTime()))),
        )
      } else {
        expect(after.map((r) => r.status)).toEqual(['succeeded', 'succeeded'])
      }
    }
    // Backoff 1 s, 2 s, 4 s with equal jitter: each delay in [base/2, base].
    spacing.forEach((delay, i) => {
      const base = 1_000 * 2 ** Math.floor(i / 2)
      expect(delay).toBeGreaterThanOrEqual(base / 2)
      expect(delay).toBeLessThanOrEqual(base)
    })
    const successes = receiver.received.filter(
      (r) => seen.get(String(r.headers['webhook-id']))! > failures,
    )
    expect(new Set(successes.map((r) => r.headers['webhook-id'])).size).toBe(2)
    expect([...seen.values()]).toEqual([failures + 1, failures + 1])
    // Each request is authentic per an independent Standard Webhooks implementation.
    for (const request of receiver.received) {
      const nowSeconds = Number(request.headers['webhook-timestamp'])
      expect(await verifyStandardWebhook(secret, request, { nowSeconds })).toBeNull()
      expect(request.headers['x-shop']).toBe('acme')
      expect(JSON.parse(request.body)).toMatchObject({
        format: 'rustok.webhook.v1',
        data: { n: expect.any(Number) as unknown },
      })
    }
    const detail = await kit.deliveries.get({ tenantId, id: rows[0]!.id })
    expect(detail.attemptLog.map((a) => a.statusCode)).toEqual([503, 503, 503, 200])
    expect(detail.attemptLog[0]).toMatchObject({ error: 'HTTP 503', responseExcerpt: 'down' })
    expect((await kit.endpoints.get({ tenantId, id: endpoint.id })).failingSince).toBeNull()
  })

  it('routes by filter: exact, prefix and *; disabled endpoints get nothing', async () => {
    const kit = webhooksKit(t)
    const tenantId = randomUUID()
    const make = (eventTypes: string[], enabled = true) =>
      kit.endpoints.create(tenantId, { url: receiver.url, eventTypes, enabled }, kit.actor)
    const exact = await make(['product.created'])
    const prefix = await make(['order.*'])
    const all = await make(['*'])
    const off = await make(['*'], false)
    const foreign = await kit.endpoints.create(
      randomUUID(),
      { url: receiver.url, eventTypes: ['*'] },
      kit.actor,
    )
    for (const [type, n] of [
      ['product.created', 1],
      ['product.updated', 2],
      ['order.placed', 3],
    ] as const)
      await kit.fanout.handle(envelope(tenantId, type, n))
    const rows = await t.db
      .selectFrom('webhook_deliveries')
      .select(['endpoint_id', 'event_type'])
      .where('tenant_id', '=', tenantId)
      .execute()
    const by = (id: string) =>
      rows
        .filter((r) => r.endpoint_id === id)
        .map((r) => r.event_type)
        .sort()
    expect(by(exact.endpoint.id)).toEqual(['product.created'])
    expect(by(prefix.endpoint.id)).toEqual(['order.placed'])
    expect(by(all.endpoint.id)).toEqual(['order.placed', 'product.created', 'product.updated'])
    expect(by(off.endpoint.id)).toEqual([])
    expect(by(foreign.endpoint.id)).toEqual([])
    // Not sent: these would go to the next test's worker.
    await t.db.deleteFrom('webhook_deliveries').execute()
  })

  it('a 4xx is final; 429 honours Retry-After; the last attempt dead-letters; redelivery sends again', async () => {
    const kit = webhooksKit(t)
    const tenantId = randomUUID()
    const { endpoint } = await kit.endpoints.create(
      tenantId,
      { url: receiver.url, eventTypes: ['*'] },
      kit.actor,
    )
    receiver.answer = () => ({ status: 404 })
    await kit.fanout.handle(envelope(tenantId, 'product.created', 1))
    await kit.worker.drain()
    const [gone] = await t.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute()
    expect(gone).toMatchObject({ status: 'dead', attempts: 1, last_status: 404 })

    receiver.answer = () => ({ status: 429, headers: { 'retry-after': '30' } })
    await kit.fanout.handle(envelope(tenantId, 'product.created', 2))
    await kit.worker.drain()
    const throttled = await t.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
    expect(new Date(throttled.next_attempt_at).getTime() - kit.clock.now().getTime()).toBe(30_000)
    for (let attempt = 2; attempt <= 5; attempt += 1) {
      kit.clock.advance(60_000)
      expect(await kit.worker.drain()).toBe(1)
    }
    expect(await pendingOf(throttled.id)).toMatchObject({
      status: 'dead',
      attempts: 5,
      last_status: 429,
    })

    receiver.answer = () => ({ status: 200 })
    expect(await kit.deliveries.redeliver({ tenantId, id: gone!.id })).toMatchObject({
      status: 'pending',
      attempts: 0,
    })
    await expect(kit.deliveries.redeliver({ tenantId, id: gone!.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    })
    await expect(
      kit.deliveries.redeliver({ tenantId: randomUUID(), id: gone!.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const from = new Date(kit.clock.now().getTime() - 3_600_000)
    const createdAt = new Date(throttled.created_at).getTime()
    const range = (to: number) => ({ from, to: new Date(to) })
    expect(
      await kit.deliveries.redeliverFailed({ tenantId, id: endpoint.id }, range(createdAt)),
    ).toBe(0)
    expect(
      await kit.deliveries
        .redeliverFailed({ tenantId: randomUUID(), id: endpoint.id }, range(createdAt + 1))
        .catch((e: { code: string }) => e.code),
    ).toBe('NOT_FOUND')
    expect(
      await kit.deliveries.redeliverFailed({ tenantId, id: endpoint.id }, range(createdAt + 1)),
    ).toBe(1)
    receiver.received.length = 0
    expect(await kit.worker.drain()).toBe(2)
    expect(receiver.received.map((r) => r.headers['webhook-id']).sort()).toEqual(
      [gone!.id, throttled.id].sort(),
    )
    const test = await kit.deliveries.sendTest({ tenantId, id: endpoint.id })
    await kit.worker.drain()
    expect(await kit.deliveries.get({ tenantId, id: test.id })).toMatchObject({
      status: 'succeeded',
      eventType: 'webhook.test',
    })
  })

  it('opens the breaker after repeated failures (no attempts spent), then disables the endpoint with a reason and an event', async () => {
    const kit = webhooksKit(t, {
      worker: {
        breakerThreshold: 2,
        halfOpenAfterMs: 60_000,
        disableAfterMs: 3_600_000,
        retry: { maxAttempts: 50, baseDelayMs: 1_000, maxDelayMs: 1_000 },
      },
    })
    const tenantId = randomUUID()
    const { endpoint } = await kit.endpoints.create(
      tenantId,
      { url: receiver.url, eventTypes: ['*'] },
      kit.actor,
    )
    receiver.answer = () => ({ status: 500 })
    await kit.fanout.handle(envelope(tenantId, 'product.created', 1))
    receiver.received.length = 0
    await kit.worker.drain()
    kit.clock.advance(1_000)
    await kit.worker.drain()
    expect(receiver.received.length).toBe(2)
    kit.clock.advance(1_000)
    await kit.worker.drain() // breaker open: claimed, released, nothing sent, no attempt spent
    expect(receiver.received.length).toBe(2)
    const [row] = await t.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute()
    expect(row).toMatchObject({ attempts: 2, status: 'pending', lease_owner: null })
    expect(new Date(row!.next_attempt_at).getTime() - kit.clock.now().getTime()).toBe(60_000)
    expect((await kit.endpoints.get({ tenantId, id: endpoint.id })).failingSince).not.toBeNull()

    // An hour of failures later. (A fresh worker: cockatiel's half-open timer runs on real time.)
    kit.clock.advance(3_600_000)
    const disabled = webhooksKit(t, { clock: kit.clock, worker: { disableAfterMs: 3_600_000 } })
    await disabled.worker.drain()
    const after = await kit.endpoints.get({ tenantId, id: endpoint.id })
    expect(after).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(
        /^Disabled after failing for 60 minutes; last error: HTTP 500/,
      ) as unknown,
    })
    expect((await t.events(tenantId)).map((e) => e.type)).toContain('webhook.endpoint_disabled')
    // Disabled: nothing is claimed; enabling again clears the reason and the run of failures.
    kit.clock.advance(120_000)
    expect(await disabled.worker.drain()).toBe(0)
    expect(
      await kit.endpoints.update({ tenantId, id: endpoint.id }, { enabled: true }, kit.actor),
    ).toMatchObject({ enabled: true, disabledReason: null, failingSince: null })
  })

  it('keeps at most perEndpointConcurrency deliveries of one endpoint in flight, across workers', async () => {
    const kit = webhooksKit(t, { worker: { perEndpointConcurrency: 2, batchSize: 10 } })
    const tenantId = randomUUID()
    const slow = await kit.endpoints.create(
      tenantId,
      { url: receiver.url + '?slow', eventTypes: ['product.*'] },
      kit.actor,
    )
    const other = await kit.endpoints.create(
      tenantId,
      { url: receiver.url + '?fast', eventTypes: ['order.*'] },
      kit.actor,
    )
    for (let n = 1; n <= 6; n += 1)
      await kit.fanout.handle(envelope(tenantId, 'product.created', n))
    await kit.fanout.handle(envelope(tenantId, 'order.placed', 7))
    receiver.answer = (request) =>
      request.path.includes('slow') ? { status: 200, hang: true } : { status: 200 }
    const second = webhooksKit(t, {
      clock: kit.clock,
      worker: { perEndpointConcurrency: 2, batchSize: 10 },
    })
    const leased = async () =>
      t.db
        .selectFrom('webhook_deliveries')
        .select(['endpoint_id'])
        .where('tenant_id', '=', tenantId)
        .where('lease_owner', 'is not', null)
        .execute()
    const runs = [kit.worker.runOnce(), second.worker.runOnce()]
    await new Promise((resolve) => setTimeout(resolve, 300))
    const rows = await leased()
    // Ten slots offered by two workers; two taken by the slow endpoint, whose requests hang.
    expect(rows.filter((r) => r.endpoint_id === slow.endpoint.id).length).toBe(2)
    expect(receiver.received.filter((r) => r.path.includes('slow')).length).toBe(2)
    expect(
      await t.db
        .selectFrom('webhook_deliveries')
        .select('status')
        .where('endpoint_id', '=', other.endpoint.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'succeeded' })
    receiver.answer = () => ({ status: 200 })
    await Promise.all(runs) // the hung requests time out (2 s) and are retried later
  })

  it("a slow endpoint holds only its own slots: another endpoint's deliveries flow past it", async () => {
    const kit = webhooksKit(t, {
      worker: { perEndpointConcurrency: 2, batchSize: 3 },
      timeoutMs: 6_000,
    })
    const tenantId = randomUUID()
    await kit.endpoints.create(
      tenantId,
      { url: `${receiver.url}?slow`, eventTypes: ['order.*'] },
      kit.actor,
    )
    const fast = await kit.endpoints.create(
      tenantId,
      { url: `${receiver.url}?fast`, eventTypes: ['product.*'] },
      kit.actor,
    )
    for (let n = 1; n <= 4; n += 1) await kit.fanout.handle(envelope(tenantId, 'order.placed', n))
    for (let n = 1; n <= 20; n += 1)
      await kit.fanout.handle(envelope(tenantId, 'product.created', n))
    receiver.answer = (request) =>
      request.path.includes('slow') ? { status: 200, hang: true } : { status: 200 }
    const started = Date.now()
    const draining = kit.worker.drain()
    const delivered = () =>
      t.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('endpoint_id', '=', fast.endpoint.id)
        .where('status', '=', 'succeeded')
        .execute()
    while ((await delivered()).length < 20 && Date.now() - started < 5_000)
      await new Promise((r) => setTimeout(r, 20))
    // All 20 went out while the slow endpoint's requests hung (they time out after 6 s).
    expect((await delivered()).length).toBe(20)
    expect(Date.now() - started).toBeLessThan(5_000)
    receiver.answer = () => ({ status: 200 })
    await draining
  })

  it("many slow endpoints of one tenant cannot take every slot: another tenant's deliveries go out", async () => {
    // 20 slots; ten endpoints × 2 per endpoint could take them all, the tenant's cap leaves ten.
    const kit = webhooksKit(t, {
      worker: {
        perEndpointConcurrency: 2,
        perTenantConcurrency: 10,
        maxInFlight: 20,
        batchSize: 20,
        recheckMs: 50,
      },
      timeoutMs: 30_000,
    })
    const busy = randomUUID()
    const other = randomUUID()
    for (let n = 0; n < 10; n += 1)
      await kit.endpoints.create(
        busy,
        { url: `${receiver.url}?busy${n}`, eventTypes: ['order.*'] },
        kit.actor,
      )
    const calm = await kit.endpoints.create(
      other,
      { url: `${receiver.url}?calm`, eventTypes: ['product.*'] },
      kit.actor,
    )
    for (let n = 1; n <= 3; n += 1) await kit.fanout.handle(envelope(busy, 'order.placed', n))
    // The busy tenant's receivers hold every request until the test lets them go.
    receiver.answer = (request) =>
      request.path.includes('busy') ? { status: 200, hang: true } : { status: 200 }
    const hanging = () => receiver.received.filter((r) => r.path.includes('busy')).length
    const succeeded = async (tenantId: string) =>
      (
        await t.db
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('status', '=', 'succeeded')
          .execute()
      ).length
    // Waits for a condition, giving up after 10 s (a bound on a hang, not a measured time).
    const until = async (condition: () => boolean | Promise<boolean>) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;)
        if (await condition()) return
        else await new Promise((r) => setTimeout(r, 20))
    }
    const draining = kit.worker.drain()
    await until(() => hanging() >= 10)
    // The other tenant's events come while the busy tenant's requests hang.
    for (let n = 1; n <= 5; n += 1) await kit.fanout.handle(envelope(other, 'product.created', n))
    await until(async () => (await succeeded(other)) === 5)
    expect(await succeeded(other)).toBe(5)
    expect(hanging()).toBe(10)
    expect(
      await t.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('tenant_id', '=', busy)
        .where('lease_owner', 'is not', null)
        .execute(),
    ).toHaveLength(10)
    receiver.answer = () => ({ status: 200 })
    receiver.releaseHung()
    expect(await draining).toBe(35)
    expect(await succeeded(busy)).toBe(30)
    expect(
      await t.db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('endpoint_id', '=', calm.endpoint.id)
        .where('status', '=', 'succeeded')
        .execute(),
    ).toHaveLength(5)
  })

  it("a disabled endpoint's waiting deliveries do not hold up other endpoints' newer ones", async () => {
    // Kept pending for when it is enabled again; they are the oldest due rows, and once filled
    // the claim's window (4 × the batch) with rows it then dropped, so nothing was sent.
    const kit = webhooksKit(t, { worker: { batchSize: 5 } })
    const tenantId = randomUUID()
    const off = await kit.endpoints.create(
      tenantId,
      { url: receiver.url + '?off', eventTypes: ['order.*'] },
      kit.actor,
    )
    await kit.endpoints.create(
      tenantId,
      { url: receiver.url + '?on', eventTypes: ['product.*'] },
      kit.actor,
    )
    for (let n = 1; n <= 40; n += 1) await kit.fanout.handle(envelope(tenantId, 'order.placed', n))
    await kit.endpoints.update({ tenantId, id: off.endpoint.id }, { enabled: false }, kit.actor)
    kit.clock.advance(1_000)
    for (let n = 41; n <= 43; n += 1)
      await kit.fanout.handle(envelope(tenantId, 'product.created', n))
    receiver.received.length = 0
    receiver.answer = () => ({ status: 200 })
    // (The drain may also send what earlier tests of this file left due.)
    await kit.worker.drain()
    const paths = receiver.received.map((r) => r.path)
    expect(paths.filter((path) => path.endsWith('?on'))).toHaveLength(3)
    expect(paths.filter((path) => path.endsWith('?off'))).toEqual([])
  })

  it('a delivery that fails outside its attempt fails the drain, and no rejection goes unhandled', async () => {
    // The sender throwing (not answering with an error) is no attempt's outcome: the delivery's
    // promise rejects, possibly while the drain awaits its next claim.
    const kit = webhooksKit(t, {
      worker: { send: () => Promise.reject(new Error('the sender broke')) },
    })
    const tenantId = randomUUID()
    await kit.endpoints.create(tenantId, { url: receiver.url, eventTypes: ['order.*'] }, kit.actor)
    for (let n = 1; n <= 3; n += 1) await kit.fanout.handle(envelope(tenantId, 'order.placed', n))
    await expect(kit.worker.drain()).rejects.toThrow('the sender broke')
  })
})
