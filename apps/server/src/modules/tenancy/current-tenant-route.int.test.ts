import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'
import { body } from './tenancy.test-helper'

describe('GET /api/tenant', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  it("answers the signed-in user's tenant with its enabled locales", async () => {
    const { tenant, customer } = server.globex
    const response = await server.request('GET', '/api/tenant', {
      tenant,
      token: customer.accessToken,
    })
    expect(response.status).toBe(200)
    await expect(body(response)).resolves.toEqual({
      id: tenant.id,
      slug: 'globex',
      name: 'globex',
      defaultLocale: 'en',
      locales: [{ code: 'en', fallback: null }],
    })
  })

  it('needs a token of that tenant', async () => {
    expect((await server.request('GET', '/api/tenant')).status).toBe(401)
    const foreign = await server.request('GET', '/api/tenant', {
      tenant: server.globex.tenant,
      token: server.acme.customer.accessToken,
    })
    expect(foreign.status).toBe(401)
  })

  it('reads neither tenant nor locales from the database on a cache hit', async () => {
    const { services } = server
    const token = server.acme.customer.accessToken
    expect((await server.request('GET', '/api/tenant', { token })).status).toBe(200)
    const localeLoads = vi.spyOn(services.tenantLocales, 'list')
    const tenantLoads = vi.spyOn(services.tenants, 'find')
    try {
      for (let i = 0; i < 3; i += 1) {
        expect((await server.request('GET', '/api/tenant', { token })).status).toBe(200)
      }
      expect(localeLoads).not.toHaveBeenCalled()
      expect(tenantLoads).not.toHaveBeenCalled()
    } finally {
      localeLoads.mockRestore()
      tenantLoads.mockRestore()
    }
  })

  it('shows a locale added through the API at once', async () => {
    const token = server.acme.customer.accessToken
    await server.request('GET', '/api/tenant', { token })
    const added = await server.request('POST', '/api/admin/locales', {
      token: server.acme.admin.accessToken,
      body: { code: 'fr', fallback: 'en' },
    })
    expect(added.status).toBe(201)
    const response = await server.request('GET', '/api/tenant', { token })
    await expect(body(response)).resolves.toMatchObject({
      locales: [
        { code: 'en', fallback: null },
        { code: 'fr', fallback: 'en' },
      ],
    })
  })
})
