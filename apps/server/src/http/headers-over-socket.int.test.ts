import { Hono } from 'hono'
import { responseHeaders, setResponseHeader, traceContext, type Route } from '@rustok/http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerConfigInput } from '../config/server-config'
import {
  headerLines as values,
  listenOnNode as listen,
  type NodeListener as Listening,
  type SocketAnswer as Answer,
} from '../testing/node-listener.test-helper'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'

// Served by @hono/node-server, as in production, the request headers are read from node:http's
// request and the response headers set on its response (ADR 0038); `app.request()` in the other
// tests takes the WHATWG path. These tests hold the node:http path to the same contract.

describe('response and request headers over a node:http socket', () => {
  let server: TestServer
  let http: Listening

  const start = async (config: ServerConfigInput = {}) => {
    // The production chain's extras (createPipelineExtras) by default.
    server = await createTestServer({ config })
    http = await listen(server.app.fetch)
  }
  const stop = async () => {
    await http.close()
    await server.destroy()
  }

  describe('the full server', () => {
    beforeAll(() => start())
    afterAll(() => stop())

    const signedIn = () => ({
      'x-tenant-id': server.acme.tenant.id,
      authorization: `Bearer ${server.acme.admin.accessToken}`,
    })

    it('a signed-in read: nosniff, private, request id, traceparent, every rate-limit policy', async () => {
      const answer = await send('GET', '/api/auth/me', signedIn())
      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.body)).toMatchObject({ id: server.acme.admin.id })
      expect(answer.headers['x-content-type-options']).toBe('nosniff')
      expect(answer.headers['cache-control']).toBe('private')
      expect(answer.headers['content-type']).toMatch(/^application\/json/)
      expect(answer.headers['x-request-id']).toMatch(/^[\da-f-]{36}$/)
      expect(answer.headers.traceparent).toMatch(/^00-[\da-f]{32}-[\da-f]{16}-01$/)
      // One line per pass (before and after authentication), both lists, all three policies.
      const policies = values(answer, 'ratelimit-policy').join(', ')
      for (const policy of ['"default"', '"tenant"', '"user"']) expect(policies).toContain(policy)
      expect(values(answer, 'ratelimit').join(', ')).toMatch(/"default";r=\d+;t=\d+/)
    })

    it("the caller's request id and trace come back; an unsafe id does not", async () => {
      const trace = '4bf92f3577b34da6a3ce929d0e0e4736'
      const answer = await send('GET', '/api/auth/me', {
        ...signedIn(),
        'x-request-id': 'caller-42',
        traceparent: `00-${trace}-00f067aa0ba902b7-01`,
      })
      expect(answer.headers['x-request-id']).toBe('caller-42')
      expect(answer.headers.traceparent).toMatch(new RegExp(`^00-${trace}-[\\da-f]{16}-01$`))
      const unsafe = await send('GET', '/api/auth/me', {
        ...signedIn(),
        'x-request-id': 'a b<script>',
      })
      expect(unsafe.headers['x-request-id']).toMatch(/^[\da-f-]{36}$/)
    })

    it('a refusal, a 404 and a problem keep the headers, and one field is one header line', async () => {
      const refused = await send('GET', '/api/auth/me', { 'x-tenant-id': server.acme.tenant.id })
      expect(refused.status).toBe(401)
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="rustok"')
      expect(refused.headers['content-type']).toBe('application/problem+json')
      expect(refused.headers['cache-control']).toBe('private')
      const missing = await send('GET', '/api/nothing-here')
      expect(missing.status).toBe(404)
      for (const answer of [refused, missing]) {
        expect(answer.headers['x-content-type-options']).toBe('nosniff')
        expect(answer.headers['x-request-id']).toMatch(/^[\da-f-]{36}$/)
        for (const name of ['x-content-type-options', 'x-request-id', 'traceparent'])
          expect(values(answer, name)).toHaveLength(1)
      }
    })

    it('reads the tenant and the token from the node request, a repeated header joined as WHATWG joins it', async () => {
      const tenant = await send('GET', '/api/tenant', signedIn())
      expect(tenant.status).toBe(200)
      expect(JSON.parse(tenant.body)).toMatchObject({ id: server.acme.tenant.id })
      // Two Authorization lines: `Headers.get` gives "Bearer a, Bearer b", no bearer token; node's
      // `headers` object would have kept the first and let the request in.
      const token = server.acme.admin.accessToken
      const twice = await send('GET', '/api/auth/me', {
        'x-tenant-id': server.acme.tenant.id,
        authorization: [`Bearer ${token}`, `Bearer ${token}`],
      })
      expect(twice.status).toBe(401)
    })
  })

  describe('a refusal by the rate limit', () => {
    beforeAll(() => start({ rateLimit: { enabled: true, limit: 1, windowMs: 3_600_000 } }))
    afterAll(() => stop())

    it('carries RateLimit, RateLimit-Policy and Retry-After on the 429', async () => {
      const headers = { 'x-tenant-id': server.acme.tenant.id }
      expect((await send('GET', '/api/auth/me', headers)).status).toBe(401)
      const refused = await send('GET', '/api/auth/me', headers)
      expect(refused.status).toBe(429)
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'RATE_LIMITED' })
      expect(values(refused, 'ratelimit-policy').join(', ')).toContain('"default";q=1;w=3600')
      expect(values(refused, 'ratelimit').join(', ')).toMatch(/"default";r=0;t=\d+/)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect(refused.headers['x-content-type-options']).toBe('nosniff')
    })
  })

  function send(
    method: string,
    path: string,
    headers: Readonly<Record<string, string | string[]>> = {},
  ): Promise<Answer> {
    return http.send(method, path, { headers })
  }
})

describe('setResponseHeader under node:http', () => {
  const own = { method: 'get', path: '/own', access: { kind: 'authenticated' } }
  const plain = { method: 'get', path: '/plain', access: { kind: 'authenticated' } }
  const routes = [own, plain] as unknown as Route[]
  let http: Listening
  beforeAll(async () => {
    const app = new Hono()
    app.use(responseHeaders(routes))
    app.use(traceContext())
    app.use(async (c, next) => {
      await next()
      setResponseHeader(c, { name: 'RateLimit', value: '"outer";r=1;t=1', append: true })
    })
    app.use(async (c, next) => {
      await next()
      setResponseHeader(c, { name: 'RateLimit', value: '"inner";r=1;t=1', append: true })
    })
    app.get('/own', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'no-cache' }))
    app.get('/plain', (c) => c.json({ ok: true }))
    app.get('/stream', (c) => c.body(new Blob(['streamed']).stream()))
    http = await listen(app.fetch)
  })
  afterAll(() => http.close())

  it("keeps a response's own Cache-Control and gives the route's default otherwise", async () => {
    expect((await http.send('GET', '/own')).headers['cache-control']).toBe('no-cache')
    expect((await http.send('GET', '/plain')).headers['cache-control']).toBe('private')
  })

  it('appends list fields in the order the middleware finish, one line each', async () => {
    const answer = await http.send('GET', '/plain')
    expect(values(answer, 'ratelimit')).toEqual(['"inner";r=1;t=1', '"outer";r=1;t=1'])
  })

  it('puts the headers on a streamed body too', async () => {
    const answer = await http.send('GET', '/stream')
    expect(answer.body).toBe('streamed')
    expect(answer.headers['x-content-type-options']).toBe('nosniff')
    expect(answer.headers['x-request-id']).toMatch(/^[\da-f-]{36}$/)
  })
})
