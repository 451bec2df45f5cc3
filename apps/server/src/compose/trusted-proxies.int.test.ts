import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { ServerConfigInput } from '../config/server-config'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, TEST_PASSWORD } from '../testing/test-server.test-helper'
import { createPipelineExtras } from './pipeline-extras'

const LIMIT = 100
const SHOP = 'shop.acme.test'

interface Answer {
  readonly status: number
  readonly body: Record<string, unknown>
  /** Requests left in the per-address (`default`) policy's window. */
  readonly left: number | undefined
}

/** `r` of the `default` policy in a `RateLimit` header. */
function remaining(header: string | string[] | undefined): number | undefined {
  const match = /"default";r=(\d+)/.exec(String(header))
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** The server over a real loopback socket, so the peer address is real (127.0.0.1). */
async function listening(config: ServerConfigInput) {
  const server = await createTestServer({
    config: {
      ...config,
      tenancy: { modes: ['header', 'host'] },
      rateLimit: { enabled: true, limit: LIMIT, windowMs: 3_600_000 },
    },
    extras: (services) => createPipelineExtras(services),
  })
  const updated = await server.services.tenants.update(server.acme.tenant.id, { domain: SHOP })
  if (!updated.ok) throw new Error('setup: the test tenant gets a domain')
  const http = serve({ fetch: server.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server
  await new Promise<void>((resolve) => http.once('listening', resolve))
  const { port } = http.address() as AddressInfo
  const send = (
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: unknown } = {},
  ) =>
    new Promise<Answer>((resolve, reject) => {
      const body = init.body === undefined ? undefined : JSON.stringify(init.body)
      const headers = {
        host: `127.0.0.1:${String(port)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      }
      const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
            left: remaining(res.headers.ratelimit),
          }),
        )
      })
      req.on('error', reject)
      req.end(body)
    })
  const close = async () => {
    await new Promise((resolve) => http.close(resolve))
    await server.destroy()
  }
  return { server, send, close }
}

type Listening = Awaited<ReturnType<typeof listening>>

const login = (api: Listening, forwardedFor: string, password = TEST_PASSWORD) =>
  api.send('POST', '/api/auth/login', {
    headers: { 'x-tenant-id': 'acme', 'x-forwarded-for': forwardedFor },
    body: { email: api.server.acme.customer.email, password },
  })

/** The IP keys of the login throttle, and the IPs stored on the customer's sessions. */
async function clientIps(api: Listening) {
  const { db } = api.server.services
  const rows = await db
    .selectFrom('login_throttle' as never)
    .select('key' as never)
    .execute()
  const sessions = await api.server.services.sessions.listSessions(
    api.server.acme.tenant.id,
    api.server.acme.customer.id,
  )
  return {
    throttled: (rows as { key: string }[])
      .map((row) => row.key)
      .filter((key) => key.startsWith('ip:')),
    sessions: sessions.map((session) => session.ip),
  }
}

describe('trustedProxies: the loopback proxy is trusted (["127.0.0.1", "::1"])', () => {
  let api: Listening
  beforeAll(async () => {
    api = await listening({ trustedProxies: ['127.0.0.1', '::1'] })
  })
  afterAll(() => api.close())

  it('keys the rate limit on the forwarded client: each client its own budget', async () => {
    const ping = async (forwardedFor: string) =>
      (
        await api.send('GET', '/api/auth/me', {
          headers: { 'x-tenant-id': 'globex', 'x-forwarded-for': forwardedFor },
        })
      ).left
    // The left part of the header is the client's to forge; the proxy's entry is what counts.
    expect(await ping('6.6.6.6, 198.51.100.1')).toBe(LIMIT - 1)
    expect(await ping('7.7.7.7, 198.51.100.1')).toBe(LIMIT - 2)
    expect(await ping('6.6.6.6, 198.51.100.2')).toBe(LIMIT - 1)
  })

  it('gives the login throttle and the session the forwarded client address', async () => {
    expect((await login(api, '198.51.100.30', 'wrong password!!')).status).toBe(401)
    expect((await login(api, '198.51.100.31')).status).toBe(200)
    const ips = await clientIps(api)
    expect(ips.throttled).toContain('ip:198.51.100.30')
    expect(ips.sessions).toContain('198.51.100.31')
  })

  it('lets X-Forwarded-Host name the tenant’s host', async () => {
    const answer = await api.send('GET', '/api/tenant', {
      headers: {
        'x-forwarded-host': SHOP,
        authorization: `Bearer ${api.server.acme.customer.accessToken}`,
      },
    })
    expect(answer).toMatchObject({ status: 200, body: { slug: 'acme' } })
  })
})

describe('trustedProxies: none (the default)', () => {
  let api: Listening
  beforeAll(async () => {
    api = await listening({})
  })
  afterAll(() => api.close())

  it('keys the rate limit on the socket: a forged X-Forwarded-For buys no budget', async () => {
    const ping = async (forwardedFor: string) =>
      (
        await api.send('GET', '/api/auth/me', {
          headers: { 'x-tenant-id': 'globex', 'x-forwarded-for': forwardedFor },
        })
      ).left ?? -1
    const first = await ping('198.51.100.1')
    expect(await ping('198.51.100.2')).toBe(first - 1)
    expect(await ping('198.51.100.3')).toBe(first - 2)
  })

  it('gives the login throttle and the session the socket’s address', async () => {
    expect((await login(api, '198.51.100.30', 'wrong password!!')).status).toBe(401)
    expect((await login(api, '198.51.100.31')).status).toBe(200)
    const ips = await clientIps(api)
    expect(ips.throttled).toEqual(['ip:127.0.0.1'])
    expect(ips.sessions).toContain('127.0.0.1')
    expect(ips.sessions).not.toContain('198.51.100.31')
  })

  it('ignores X-Forwarded-Host', async () => {
    const answer = await api.send('GET', '/api/tenant', {
      headers: {
        'x-forwarded-host': SHOP,
        authorization: `Bearer ${api.server.acme.customer.accessToken}`,
      },
    })
    expect(answer).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT' } })
  })
})
