import { afterEach, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../testing/test-server.test-helper'
import { seedDemo } from './demo-seed'
import { bootstrapPlatformOperator } from './platform-bootstrap'

describe('the platform operator ensured at start (ADR 0020)', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.destroy()
    server = undefined
  })

  it('is nobody unless PLATFORM_ADMIN_EMAIL is set', async () => {
    server = await createTestServer()
    expect(await bootstrapPlatformOperator(server.services)).toBeUndefined()
    expect(await server.services.tenants.getBySlug('platform')).toBeUndefined()
  })

  it('creates its tenant and account once, prints a generated password once, and lets it manage every tenant', async () => {
    server = await createTestServer({ config: { platform: { adminEmail: 'ops@example.com' } } })
    const first = await bootstrapPlatformOperator(server.services)
    expect(first).toMatchObject({ email: 'ops@example.com', created: true })
    expect(first?.tenant.slug).toBe('platform')
    const password = first?.generatedPassword ?? ''
    expect(password.length).toBeGreaterThanOrEqual(20)

    const again = await bootstrapPlatformOperator(server.services)
    expect(again).toMatchObject({ userId: first?.userId, created: false })
    expect(again?.generatedPassword).toBeUndefined()

    const platform = await server.services.tenants.getBySlug('platform')
    if (!platform) throw new Error('no platform tenant')
    const operator = await server.signIn(platform, 'ops@example.com', password)
    expect(operator.role).toBe('super_admin')
    const tenants = await server.request('GET', '/api/admin/tenants?limit=100', {
      tenant: platform,
      token: operator.accessToken,
    })
    expect(tenants.status).toBe(200)
    const slugs = ((await tenants.json()) as { items: { slug: string }[] }).items.map((t) => t.slug)
    expect(slugs).toEqual(expect.arrayContaining(['acme', 'globex', 'platform']))
  })

  it('makes an existing account an operator without changing its password', async () => {
    server = await createTestServer({
      config: { platform: { tenant: 'acme', adminEmail: 'admin@acme.test' } },
    })
    const asAcmeAdmin = () =>
      server?.request('GET', '/api/admin/tenants', { token: server.acme.admin.accessToken })
    expect((await asAcmeAdmin())?.status).toBe(403)
    const ensured = await bootstrapPlatformOperator(server.services)
    expect(ensured).toMatchObject({ userId: server.acme.admin.id, role: 'admin', created: false })
    expect(ensured?.generatedPassword).toBeUndefined()
    // Still an admin by role: the platform routes also need their permission (tenants:*).
    expect((await asAcmeAdmin())?.status).toBe(403)
    const signedIn = await server.signIn(server.acme.tenant, 'admin@acme.test', TEST_PASSWORD)
    expect(signedIn.role).toBe('admin')
  })

  it('makes the demo admin the demo platform operator', async () => {
    server = await createTestServer({ config: { demo: { adminPassword: TEST_PASSWORD } } })
    const seed = await seedDemo(server.services)
    const admin = await server.signIn(seed.tenant, seed.adminEmail, TEST_PASSWORD)
    const tenants = await server.request('GET', '/api/admin/tenants', {
      tenant: seed.tenant,
      token: admin.accessToken,
    })
    expect(tenants.status).toBe(200)
  })
})
