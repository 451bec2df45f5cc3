import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAddressPolicy } from './address-policy'
import { createEndpointService } from './endpoint-service'
import { startReceiver, type Receiver } from './testing/receiver.test-helper'
import { verifyStandardWebhook } from './testing/standard-webhooks-verifier.test-helper'
import { webhooksKit } from './testing/webhooks-kit.test-helper'
import {
  envelope,
  webhooksTestDb,
  type WebhooksTestDb,
} from './testing/webhooks-test-db.test-helper'

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code: string; errors: unknown }) => ({ code: error.code, errors: error.errors }),
  )

describe('webhook endpoints', () => {
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

  it('creates, reads, lists, updates and deletes, each with its event; the secret is shown once', async () => {
    const { endpoints, actor } = webhooksKit(t)
    const tenantId = randomUUID()
    const created = await endpoints.create(
      tenantId,
      {
        url: 'https://hooks.example.com/a',
        eventTypes: ['product.*', 'order.placed'],
        description: 'ERP',
      },
      actor,
    )
    expect(created.secret).toMatch(/^whsec_/)
    expect(created.endpoint).toMatchObject({
      enabled: true,
      headers: {},
      description: 'ERP',
      disabledReason: null,
    })
    expect(
      JSON.stringify(await endpoints.get({ tenantId, id: created.endpoint.id })),
    ).not.toContain(created.secret)
    const second = await endpoints.create(
      tenantId,
      { url: 'https://hooks.example.com/b', eventTypes: ['*'] },
      actor,
    )
    const page = await endpoints.list(tenantId, { limit: 1 })
    expect(page.items.map((e) => e.id)).toEqual([second.endpoint.id])
    const rest = await endpoints.list(tenantId, { limit: 1, after: page.next! })
    expect(rest).toEqual({ items: [created.endpoint], next: null })
    const updated = await endpoints.update(
      { tenantId, id: created.endpoint.id },
      { eventTypes: ['*'], headers: { authorization: 'Bearer x' }, enabled: false },
      actor,
    )
    expect(updated).toMatchObject({
      eventTypes: ['*'],
      headers: { authorization: 'Bearer x' },
      enabled: false,
    })
    await endpoints.delete({ tenantId, id: second.endpoint.id }, actor)
    expect((await t.events(tenantId)).map((e) => e.type)).toEqual([
      'webhook.endpoint_created',
      'webhook.endpoint_created',
      'webhook.endpoint_updated',
      'webhook.endpoint_deleted',
    ])
  })

  it("answers NOT_FOUND for another tenant's endpoint", async () => {
    const { endpoints, actor } = webhooksKit(t)
    const owner = randomUUID()
    const { endpoint } = await endpoints.create(
      owner,
      { url: 'https://x.example.com/', eventTypes: ['*'] },
      actor,
    )
    const foreign = { tenantId: randomUUID(), id: endpoint.id }
    // Thunks, each started only when its rejection is about to be handled: starting all four at
    // once and awaiting them in turn let a later one reject before anything listened to it (an
    // unhandled rejection on PostgreSQL, where they really run in parallel).
    for (const call of [
      () => endpoints.get(foreign),
      () => endpoints.update(foreign, { enabled: false }, actor),
      () => endpoints.delete(foreign, actor),
      () => endpoints.rotateSecret(foreign, actor),
    ])
      expect(await failure(call())).toMatchObject({ code: 'NOT_FOUND' })
    expect(await endpoints.get({ tenantId: owner, id: endpoint.id })).toEqual(endpoint)
  })

  it('refuses bad input with field errors: http without permission, private literals, filters, headers', async () => {
    const strict = createEndpointService({ db: t.db, events: t.outbox })
    const actor = { userId: null }
    const tenantId = randomUUID()
    const create = (input: object) => failure(strict.create(tenantId, input as never, actor))
    expect(await create({ url: 'http://hooks.example.com/', eventTypes: ['*'] })).toEqual({
      code: 'INVALID_INPUT',
      errors: [{ path: 'url', message: 'must be an https URL' }],
    })
    for (const url of [
      'https://127.0.0.1/',
      'https://[::1]/',
      'https://10.0.0.8/',
      'https://169.254.169.254/',
      'https://[::ffff:a9fe:a9fe]/',
    ])
      expect(await create({ url, eventTypes: ['*'] }), url).toMatchObject({
        code: 'INVALID_INPUT',
        errors: [{ path: 'url', message: expect.stringMatching(/^is not allowed/) as unknown }],
      })
    expect(
      await create({ url: 'https://u:p@hooks.example.com/', eventTypes: ['*'] }),
    ).toMatchObject({ errors: [{ path: 'url', message: 'must not carry credentials' }] })
    expect(await create({ url: 'not a url', eventTypes: ['*'] })).toMatchObject({
      errors: [{ path: 'url' }],
    })
    expect(
      await create({ url: 'https://h.example.com/', eventTypes: ['Product Created', 'a.*.b'] }),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'eventTypes.0' }, { path: 'eventTypes.1' }],
    })
    expect(await create({ url: 'https://h.example.com/', eventTypes: [] })).toMatchObject({
      errors: [{ path: 'eventTypes' }],
    })
    expect(
      await create({
        url: 'https://h.example.com/',
        eventTypes: ['*'],
        headers: { 'webhook-id': 'x' },
      }),
    ).toMatchObject({ errors: [{ path: 'headers.webhook-id' }] })
    expect(
      await create({ url: 'https://h.example.com/', eventTypes: ['*'], extra: 1 }),
    ).toMatchObject({ errors: [{ path: 'extra' }] })
    const allowing = createEndpointService({
      db: t.db,
      events: t.outbox,
      allowHttp: true,
      policy: createAddressPolicy({ allow: ['127.0.0.1/32'] }),
    })
    await expect(
      allowing.create(tenantId, { url: 'http://127.0.0.1:9/x', eventTypes: ['*'] }, actor),
    ).resolves.toBeDefined()
  })

  it('rotates the secret: both sign during the grace period, then only the new one', async () => {
    const kit = webhooksKit(t)
    const tenantId = randomUUID()
    const { endpoint, secret: first } = await kit.endpoints.create(
      tenantId,
      { url: receiver.url, eventTypes: ['*'] },
      kit.actor,
    )
    const { secret: second, endpoint: rotated } = await kit.endpoints.rotateSecret(
      { tenantId, id: endpoint.id },
      kit.actor,
    )
    expect(second).not.toBe(first)
    expect(rotated.previousSecretExpiresAt).toBe(
      new Date(kit.clock.now().getTime() + 86_400_000).toISOString(),
    )
    receiver.received.length = 0
    receiver.answer = () => ({ status: 200 })
    await kit.fanout.handle(envelope(tenantId, 'product.created', 1))
    await kit.worker.drain()
    kit.clock.advance(86_400_001)
    await kit.fanout.handle(envelope(tenantId, 'product.created', 2))
    await kit.worker.drain()
    const [during, after] = receiver.received
    const verify = (secret: string, request: typeof during) =>
      verifyStandardWebhook(secret, request!, {
        nowSeconds: Number(request!.headers['webhook-timestamp']),
      })
    expect(await verify(first, during)).toBeNull()
    expect(await verify(second, during)).toBeNull()
    expect(await verify(second, after)).toBeNull()
    expect(await verify(first, after)).toBe('no matching signature')
    expect((await t.events(tenantId)).map((e) => e.type)).toContain('webhook.secret_rotated')
  })
})
