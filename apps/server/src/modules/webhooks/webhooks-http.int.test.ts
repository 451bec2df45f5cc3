import { createHmac } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { webhooksModule } from '@rustok/webhooks/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'
import { createTestRelay } from '../events/test-relay.test-helper'

interface Problem {
  readonly code: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}

/** Standard Webhooks verification, from the specification (no code shared with the package). */
function authentic(secret: string, request: { headers: IncomingHttpHeaders; body: string }) {
  const signed = `${String(request.headers['webhook-id'])}.${String(request.headers['webhook-timestamp'])}.${request.body}`
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`
  return String(request.headers['webhook-signature']).split(' ').includes(expected)
}

/**
 * The webhooks module's story over HTTP: an admin registers an endpoint on a loopback receiver
 * (allow-listed by the server's configuration), its events are fanned out by the outbox handler
 * and sent, signed, by the delivery worker; the admin reads the delivery log, redelivers, sends a
 * test event, rotates the secret and deletes the endpoint. Metadata and private addresses are
 * refused with field errors; a customer is forbidden; another tenant sees nothing.
 */
describe('webhooks over HTTP', () => {
  let server: TestServer
  const received: { headers: IncomingHttpHeaders; body: string }[] = []
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(200).end('thanks')
    })
  })
  let receiverUrl = ''
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  const admin = (method: string, path: string, body?: unknown) =>
    server.request(method, path, {
      token: server.acme.admin.accessToken,
      ...(body === undefined ? {} : { body }),
    })

  beforeAll(async () => {
    receiver.listen(0, '127.0.0.1')
    await once(receiver, 'listening')
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
    server = await createTestServer({
      config: { webhooks: { allowHttp: true, allowList: ['127.0.0.1/32'] } },
    })
    for (const side of [server.acme, server.globex])
      await server.services.tenantModules.enableModule(side.tenant.id, 'webhooks')
  }, 120_000)
  afterAll(async () => {
    receiver.close()
    await server.destroy()
  })

  const deliver = async () => {
    const fanout = server.services.composed.handlers.filter((h) => h.name === 'webhooks-fanout')
    await createTestRelay({ services: server.services, handlers: fanout }).drain()
    await server.services.composed.services(webhooksModule).worker.drain()
  }

  it('registers, delivers signed events, logs, redelivers, tests, rotates and deletes', async () => {
    const created = await admin('POST', '/api/webhooks/endpoints', {
      url: receiverUrl,
      eventTypes: ['webhook.*'],
      description: 'ERP bridge',
      headers: { 'x-erp': 'acme' },
    })
    expect(created.status).toBe(201)
    const { endpoint, secret } = await json<{ endpoint: { id: string }; secret: string }>(created)
    const read = await admin('GET', `/api/webhooks/endpoints/${endpoint.id}`)
    expect(await read.text()).not.toContain(secret)

    // Its own `webhook.endpoint_created` event is the first thing it receives.
    await deliver()
    expect(received).toHaveLength(1)
    expect(authentic(secret, received[0]!)).toBe(true)
    expect(received[0]!.headers['x-erp']).toBe('acme')
    expect(JSON.parse(received[0]!.body)).toMatchObject({
      format: 'rustok.webhook.v1',
      type: 'webhook.endpoint_created',
      data: { endpointId: endpoint.id },
    })

    const list = await json<{ items: { id: string; status: string; attempts: number }[] }>(
      await admin('GET', `/api/webhooks/endpoints/${endpoint.id}/deliveries`),
    )
    expect(list.items).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 1 })])
    const deliveryId = list.items[0]!.id
    const detail = await json<{ attemptLog: { statusCode: number; responseExcerpt: string }[] }>(
      await admin('GET', `/api/webhooks/deliveries/${deliveryId}`),
    )
    expect(detail.attemptLog).toEqual([
      expect.objectContaining({ statusCode: 200, responseExcerpt: 'thanks' }),
    ])

    expect((await admin('POST', `/api/webhooks/deliveries/${deliveryId}/redeliver`)).status).toBe(
      202,
    )
    expect((await admin('POST', `/api/webhooks/deliveries/${deliveryId}/redeliver`)).status).toBe(
      409,
    )
    expect((await admin('POST', `/api/webhooks/endpoints/${endpoint.id}/test`)).status).toBe(202)
    const rotated = await admin('POST', `/api/webhooks/endpoints/${endpoint.id}/rotate-secret`)
    const { secret: next } = await json<{ secret: string }>(rotated)
    await deliver()
    // The redelivery (same webhook-id), the test event and `webhook.secret_rotated`, signed with
    // both secrets during the grace period.
    expect(received.map((r) => JSON.parse(r.body) as { type: string }).map((b) => b.type)).toEqual(
      expect.arrayContaining(['webhook.test', 'webhook.secret_rotated']),
    )
    expect(received.filter((r) => r.headers['webhook-id'] === deliveryId)).toHaveLength(2)
    for (const request of received.slice(1)) {
      expect(authentic(next, request)).toBe(true)
      expect(authentic(secret, request)).toBe(true)
    }
    const failed = await admin(
      'POST',
      `/api/webhooks/endpoints/${endpoint.id}/redeliver-failed`,
      {},
    )
    expect(await json(failed)).toEqual({ redelivered: 0 })

    const foreign = await server.request('GET', `/api/webhooks/endpoints/${endpoint.id}`, {
      tenant: server.globex.tenant,
      token: server.globex.admin.accessToken,
    })
    expect(foreign.status).toBe(404)
    const customer = await server.request('GET', '/api/webhooks/endpoints', {
      token: server.acme.customer.accessToken,
    })
    expect(customer.status).toBe(403)
    expect((await admin('DELETE', `/api/webhooks/endpoints/${endpoint.id}`)).status).toBe(204)
    expect((await admin('GET', `/api/webhooks/deliveries/${deliveryId}`)).status).toBe(404)
  })

  it('refuses metadata, private and credentialed URLs, bad filters and reserved headers (400)', async () => {
    for (const [body, path] of [
      [{ url: 'http://169.254.169.254/latest/meta-data/', eventTypes: ['*'] }, 'body.url'],
      [{ url: 'https://10.0.0.7/hook', eventTypes: ['*'] }, 'body.url'],
      [{ url: 'https://[::1]/hook', eventTypes: ['*'] }, 'body.url'],
      [{ url: 'https://u:p@example.com/hook', eventTypes: ['*'] }, 'body.url'],
      [{ url: 'https://example.com/hook', eventTypes: ['product created'] }, 'body.eventTypes.0'],
      [
        {
          url: 'https://example.com/hook',
          eventTypes: ['*'],
          headers: { 'Webhook-Signature': 'x' },
        },
        'body.headers.Webhook-Signature',
      ],
    ] as const) {
      const response = await admin('POST', '/api/webhooks/endpoints', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      const problem = await json<Problem>(response)
      expect(problem.code).toBe('INVALID_INPUT')
      expect(problem.errors?.map((e) => e.path)).toEqual([path])
    }
  })
})
