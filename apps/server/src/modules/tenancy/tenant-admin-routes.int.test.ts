import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'
import type { TenantItem } from '@rustok/core-tenant/http'
import { body, lastEvent, traceparent, type Page } from './tenancy.test-helper'

describe('platform tenant routes', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  const root = () => server.superAdmin.accessToken
  const call = (method: string, path: string, init: { body?: unknown; token?: string } = {}) =>
    server.request(method, path, { token: init.token ?? root(), body: init.body })
  const create = async (slug: string, extra: Record<string, unknown> = {}) => {
    const response = await call('POST', '/api/admin/tenants', {
      body: { slug, name: slug, ...extra },
    })
    expect(response.status).toBe(201)
    // Distinct creation times keep the createdAt order of these tests deterministic.
    await new Promise((resolve) => setTimeout(resolve, 5))
    return body<TenantItem>(response)
  }
  const slugs = async (query: string) => {
    const response = await call('GET', `/api/admin/tenants?${query}`)
    expect(response.status).toBe(200)
    return body<Page<TenantItem>>(response)
  }

  it('creates a tenant, normalised, with the operator and trace on its event', async () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736'
    const response = await server.request('POST', '/api/admin/tenants', {
      token: root(),
      headers: traceparent(trace),
      body: { slug: ' Initech ', name: ' Initech Corp ', domain: 'Shop.Initech.test' },
    })
    expect(response.status).toBe(201)
    const tenant = await body<TenantItem>(response)
    expect(tenant).toMatchObject({
      slug: 'initech',
      name: 'Initech Corp',
      domain: 'shop.initech.test',
      defaultLocale: 'en',
      active: true,
      settings: {},
    })
    await expect(lastEvent(server, 'tenant.created')).resolves.toEqual({
      tenant_id: tenant.id,
      actor_id: server.superAdmin.id,
      trace_id: trace,
    })
    const again = await call('GET', `/api/admin/tenants/${tenant.id}`)
    expect(again.status).toBe(200)
    await expect(body(again)).resolves.toEqual(tenant)
  })

  it('answers 409 naming the field for a taken slug or domain', async () => {
    const response = await call('POST', '/api/admin/tenants', { body: { slug: 'acme', name: 'x' } })
    expect(response.status).toBe(409)
    expect((await body(response)).errors).toEqual([
      { path: 'body.slug', message: 'is taken by another tenant' },
    ])
    const domain = await call('POST', '/api/admin/tenants', {
      body: { slug: 'initech-2', name: 'x', domain: 'shop.initech.test' },
    })
    expect(domain.status).toBe(409)
    expect((await body(domain)).errors?.[0]?.path).toBe('body.domain')
  })

  it('answers 400 with field paths for invalid input', async () => {
    const response = await call('POST', '/api/admin/tenants', {
      body: { slug: 'no spaces!', name: '  ', defaultLocale: 'english', settings: 'dark' },
    })
    expect(response.status).toBe(400)
    const problem = await body(response)
    expect(problem.code).toBe('INVALID_INPUT')
    expect(problem.errors?.map((error) => error.path).sort()).toEqual([
      'body.defaultLocale',
      'body.name',
      'body.settings',
      'body.slug',
    ])
    const query = await call('GET', '/api/admin/tenants?limit=0&sort=name&active=maybe')
    expect(query.status).toBe(400)
    expect((await body(query)).errors?.map((error) => error.path).sort()).toEqual([
      'query.active',
      'query.limit',
      'query.sort',
    ])
    const params = await call('GET', '/api/admin/tenants/acme')
    expect(params.status).toBe(400)
    expect((await body(params)).errors?.[0]?.path).toBe('params.id')
    const forged = await call(
      'GET',
      `/api/admin/tenants?sort=createdAt&cursor=${btoa('["x","y"]')}`,
    )
    expect(forged.status).toBe(400)
    expect((await body(forged)).errors?.[0]?.path).toBe('query.cursor')
  })

  it('lists every tenant in keyset pages, sorted and filtered', async () => {
    await create('pager-b', { name: 'Pager Beta' })
    await create('pager-a', { name: 'Pager Alpha' })
    await create('pager-c', { name: 'Pager Gamma' })
    const seen: string[] = []
    let cursor: string | null = ''
    while (cursor !== null) {
      const page: Page<TenantItem> = await slugs(
        `q=pager&sort=slug&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((tenant) => tenant.slug))
      cursor = page.nextCursor
    }
    expect(seen).toEqual(['pager-a', 'pager-b', 'pager-c'])
    const newest = await slugs('limit=2')
    expect(newest.items.map((tenant) => tenant.slug)).toEqual(['pager-c', 'pager-a'])
    const next = await slugs(`limit=2&cursor=${newest.nextCursor}`)
    expect(next.items.map((tenant) => tenant.slug)).toEqual(['pager-b', 'initech'])
    const oldest = await slugs('sort=createdAt&limit=3')
    expect(oldest.items.map((tenant) => tenant.slug)).toEqual(['acme', 'globex', 'initech'])
    expect((await slugs('q=GAMMA')).items.map((tenant) => tenant.slug)).toEqual(['pager-c'])
  })

  it('changes a tenant, and answers 404 for an unknown id', async () => {
    const tenant = await create('hooli')
    const hooli = await server.services.tenants.getById(tenant.id)
    if (!hooli) throw new Error('hooli not stored')
    await server.services.users.register({
      tenantId: hooli.id,
      email: 'user@hooli.test',
      password: TEST_PASSWORD,
    })
    const user = await server.signIn(hooli, 'user@hooli.test', TEST_PASSWORD)
    const own = () =>
      server.request('GET', '/api/tenant', { tenant: hooli, token: user.accessToken })
    await expect(body(await own())).resolves.toMatchObject({ locales: [{ code: 'en' }] })
    const response = await call('PATCH', `/api/admin/tenants/${tenant.id}`, {
      body: { name: 'Hooli XYZ', settings: { theme: 'dark' }, defaultLocale: 'de' },
    })
    expect(response.status).toBe(200)
    await expect(body(response)).resolves.toMatchObject({
      name: 'Hooli XYZ',
      settings: { theme: 'dark' },
      defaultLocale: 'de',
    })
    // The tenant's own users see the new default locale, and its locale row, at once.
    await expect(body(await own())).resolves.toMatchObject({
      defaultLocale: 'de',
      locales: [{ code: 'de' }, { code: 'en' }],
    })
    const taken = await call('PATCH', `/api/admin/tenants/${tenant.id}`, { body: { slug: 'acme' } })
    expect(taken.status).toBe(409)
    const invalid = await call('PATCH', `/api/admin/tenants/${tenant.id}`, {
      body: { domain: 'not a host' },
    })
    expect(invalid.status).toBe(400)
    expect((await body(invalid)).errors?.[0]?.path).toBe('body.domain')
    const unknown = '00000000-0000-7000-8000-00000000dead'
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['POST', '/disable'],
      ['POST', '/enable'],
    ] as const) {
      const missing = await call(method, `/api/admin/tenants/${unknown}${path}`, {
        body: method === 'GET' ? undefined : {},
      })
      expect(missing.status, `${method} ${path}`).toBe(404)
    }
  })

  it('disables a tenant: its requests get 403 at once, until it is enabled again', async () => {
    const { tenant, customer } = server.globex
    const before = await server.request('GET', '/api/tenant', {
      tenant,
      token: customer.accessToken,
    })
    expect(before.status).toBe(200)
    const disabled = await call('POST', `/api/admin/tenants/${tenant.id}/disable`)
    expect(disabled.status).toBe(200)
    expect((await body<TenantItem>(disabled)).active).toBe(false)
    await expect(lastEvent(server, 'tenant.disabled')).resolves.toMatchObject({
      tenant_id: tenant.id,
      actor_id: server.superAdmin.id,
    })
    for (const header of [tenant.id, tenant.slug]) {
      const refused = await server.request('GET', '/api/tenant', {
        tenant: header,
        token: customer.accessToken,
      })
      expect(refused.status).toBe(403)
    }
    expect((await slugs('active=false')).items.map((item) => item.slug)).toEqual(['globex'])
    const enabled = await call('POST', `/api/admin/tenants/${tenant.id}/enable`)
    expect(enabled.status).toBe(200)
    const after = await server.request('GET', '/api/tenant', {
      tenant,
      token: customer.accessToken,
    })
    expect(after.status).toBe(200)
  })

  it("refuses to disable the operator's own tenant", async () => {
    const response = await call('POST', `/api/admin/tenants/${server.acme.tenant.id}/disable`)
    expect(response.status).toBe(409)
    expect((await call('GET', '/api/admin/tenants?active=false')).status).toBe(200)
  })

  it('is for the platform operator only: tenant admins and customers get 403', async () => {
    const id = server.globex.tenant.id
    const routes = [
      ['GET', '/api/admin/tenants'],
      ['POST', '/api/admin/tenants'],
      ['GET', `/api/admin/tenants/${id}`],
      ['PATCH', `/api/admin/tenants/${id}`],
      ['POST', `/api/admin/tenants/${id}/disable`],
      ['POST', `/api/admin/tenants/${id}/enable`],
      ['POST', `/api/admin/tenants/${id}/invites`],
    ] as const
    for (const [method, path] of routes) {
      for (const user of [server.acme.admin, server.acme.customer, server.globex.admin]) {
        const tenant = user === server.globex.admin ? server.globex.tenant : server.acme.tenant
        const response = await server.request(method, path, {
          tenant,
          token: user.accessToken,
          body: method === 'GET' ? undefined : { slug: 'sneaky', name: 'x', email: 'x@x.test' },
        })
        expect(response.status, `${user.email} ${method} ${path}`).toBe(403)
      }
      const anonymous = await server.request(method, path, {})
      expect(anonymous.status).toBe(401)
    }
    await expect(slugs('q=sneaky')).resolves.toMatchObject({ items: [] })
  })

  it("invites a tenant's first admin by mail, never returning the token", async () => {
    const tenant = await create('umbrella')
    const sent = server.mails.length
    const response = await call('POST', `/api/admin/tenants/${tenant.id}/invites`, {
      body: { email: ' Boss@Umbrella.test ', role: 'admin' },
    })
    expect(response.status).toBe(201)
    const answer = await body<Record<string, unknown>>(response)
    expect(Object.keys(answer)).toEqual(['expiresAt'])
    const mail = server.mails.at(-1)
    expect(server.mails).toHaveLength(sent + 1)
    expect(mail).toMatchObject({ purpose: 'invite', tenantId: tenant.id, to: 'boss@umbrella.test' })
    expect(mail?.expiresAt.toISOString()).toBe(answer.expiresAt)
    const accepted = await server.services.purposeTokens.acceptInvite({
      tenantId: tenant.id,
      token: mail?.token ?? '',
      password: 'a long enough passphrase',
    })
    expect(accepted).toMatchObject({ ok: true, user: { role: 'admin', tenantId: tenant.id } })
    const again = await call('POST', `/api/admin/tenants/${tenant.id}/invites`, {
      body: { email: 'boss@umbrella.test', role: 'admin' },
    })
    expect(again.status).toBe(409)
    const badRole = await call('POST', `/api/admin/tenants/${tenant.id}/invites`, {
      body: { email: 'x@umbrella.test', role: 'constructor' },
    })
    expect(badRole.status).toBe(400)
    expect((await body(badRole)).errors).toEqual([
      { path: 'body.role', message: 'No role "constructor" in this tenant' },
    ])
    const badEmail = await call('POST', `/api/admin/tenants/${tenant.id}/invites`, {
      body: { email: 'nope', role: 'admin' },
    })
    expect((await body(badEmail)).errors?.[0]?.path).toBe('body.email')
    const unknown = await call(
      'POST',
      '/api/admin/tenants/00000000-0000-7000-8000-00000000dead/invites',
      {
        body: { email: 'x@umbrella.test', role: 'admin' },
      },
    )
    expect(unknown.status).toBe(404)
    expect(server.mails).toHaveLength(sent + 1)
  })
})
