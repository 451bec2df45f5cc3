import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { TenancyConfigSchema } from '@rustok/core-tenant/http'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

/** A GET over a real socket with the Host header the test chooses. */
function get(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('tenant resolution over HTTP with the default modes (T1, T2)', () => {
  const modes = v.parse(TenancyConfigSchema, undefined).modes
  let server: TestServer
  let http: Server
  let port: number
  beforeAll(async () => {
    server = await createTestServer({ config: { tenancy: { modes: [...modes] } } })
    http = serve({ fetch: server.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server
    await new Promise<void>((resolve) => http.once('listening', resolve))
    port = (http.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve))
    await server.destroy()
  })

  it('uses the header, then the host', () => {
    expect(modes).toEqual(['header', 'host'])
  })

  it('answers 400 "does not name a tenant" to a request by IP or to localhost without a tenant header', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const answer = await get(port, '/api/auth/me', { host })
      expect({ host, status: answer.status, body: answer.body }).toMatchObject({
        host,
        status: 400,
        body: { code: 'INVALID_INPUT', detail: 'The request does not name a tenant' },
      })
    }
  })

  it('still resolves the header, and a tenant domain by host', async () => {
    const byHeader = await get(port, '/api/tenant', {
      host: `127.0.0.1:${port}`,
      'x-tenant-id': 'acme',
      authorization: `Bearer ${server.acme.customer.accessToken}`,
    })
    expect(byHeader.status).toBe(200)
    const updated = await server.services.tenants.update(server.globex.tenant.id, {
      domain: 'shop.globex.test',
    })
    expect(updated.ok).toBe(true)
    const byHost = await get(port, '/api/tenant', {
      host: `shop.globex.test:${port}`,
      authorization: `Bearer ${server.globex.customer.accessToken}`,
    })
    expect(byHost.status).toBe(200)
    expect(byHost.body.slug).toBe('globex')
  })
})
