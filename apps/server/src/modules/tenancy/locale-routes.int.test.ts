import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'
import { body, lastEvent, type Page } from './tenancy.test-helper'

interface LocaleItem {
  code: string
  fallback: string | null
  enabled: boolean
  position: number
  isDefault: boolean
}

describe("the current tenant's locales", () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  const admin = () => server.acme.admin.accessToken
  const call = (method: string, path: string, init: { body?: unknown; token?: string } = {}) =>
    server.request(method, `/api/admin/locales${path}`, {
      token: init.token ?? admin(),
      body: init.body,
    })
  const locales = async () => {
    const response = await call('GET', '')
    expect(response.status).toBe(200)
    return (await body<Page<LocaleItem>>(response)).items
  }
  const codes = async () => (await locales()).map((locale) => locale.code)
  const currentTenant = async () => {
    const response = await server.request('GET', '/api/tenant', {
      token: server.acme.customer.accessToken,
    })
    return body<{ defaultLocale: string; locales: { code: string; fallback: string | null }[] }>(
      response,
    )
  }

  it('starts with the default locale alone', async () => {
    await expect(locales()).resolves.toEqual([
      { code: 'en', fallback: null, enabled: true, position: 0, isDefault: true },
    ])
  })

  it('adds locales, normalising codes, with a fallback among enabled locales', async () => {
    const es = await call('POST', '', { body: { code: 'es' } })
    expect(es.status).toBe(201)
    const added = await call('POST', '', { body: { code: 'pt-br', fallback: 'ES' } })
    expect(added.status).toBe(201)
    expect((await body<Page<LocaleItem>>(added)).items.at(-1)).toEqual({
      code: 'pt-BR',
      fallback: 'es',
      enabled: true,
      position: 2,
      isDefault: false,
    })
    await expect(lastEvent(server, 'locale.enabled')).resolves.toMatchObject({
      tenant_id: server.acme.tenant.id,
      actor_id: server.acme.admin.id,
    })
    await expect(currentTenant()).resolves.toMatchObject({
      locales: [
        { code: 'en', fallback: null },
        { code: 'es', fallback: null },
        { code: 'pt-BR', fallback: 'es' },
      ],
    })
  })

  it('refuses duplicates (409), unknown fallbacks (422) and bad codes (400)', async () => {
    const duplicate = await call('POST', '', { body: { code: 'ES' } })
    expect(duplicate.status).toBe(409)
    const fallback = await call('POST', '', { body: { code: 'fr', fallback: 'it' } })
    expect(fallback.status).toBe(422)
    expect((await body(fallback)).errors?.[0]?.path).toBe('body.fallback')
    const invalid = await call('POST', '', { body: { code: 'english', position: -1 } })
    expect(invalid.status).toBe(400)
    expect((await body(invalid)).errors?.map((error) => error.path)).toEqual([
      'body.code',
      'body.position',
    ])
    await expect(codes()).resolves.toEqual(['en', 'es', 'pt-BR'])
  })

  it('changes the default, which GET /api/tenant shows at once', async () => {
    await expect(currentTenant()).resolves.toMatchObject({ defaultLocale: 'en' })
    const response = await call('PUT', '/default', { body: { locale: 'es' } })
    expect(response.status).toBe(200)
    const items = (await body<Page<LocaleItem>>(response)).items
    expect(items.filter((locale) => locale.isDefault).map((locale) => locale.code)).toEqual(['es'])
    await expect(currentTenant()).resolves.toMatchObject({ defaultLocale: 'es' })
    const unknown = await call('PUT', '/default', { body: { locale: 'it' } })
    expect(unknown.status).toBe(422)
    expect((await body(unknown)).errors?.[0]?.path).toBe('body.locale')
    const invalid = await call('PUT', '/default', { body: {} })
    expect(invalid.status).toBe(400)
    expect((await body(invalid)).errors?.[0]?.path).toBe('body.locale')
  })

  it('sets and clears a fallback', async () => {
    const set = await call('PUT', '/en/fallback', { body: { fallback: 'pt-BR' } })
    expect(set.status).toBe(200)
    expect((await body<Page<LocaleItem>>(set)).items[0]).toMatchObject({
      code: 'en',
      fallback: 'pt-BR',
    })
    await expect(lastEvent(server, 'tenant.updated')).resolves.toMatchObject({
      actor_id: server.acme.admin.id,
    })
    await expect(currentTenant()).resolves.toMatchObject({
      locales: [{ code: 'en', fallback: 'pt-BR' }, { code: 'es' }, { code: 'pt-BR' }],
    })
    const cleared = await call('PUT', '/pt-br/fallback', { body: { fallback: null } })
    expect(cleared.status).toBe(200)
    expect((await locales()).find((locale) => locale.code === 'pt-BR')?.fallback).toBeNull()
    const self = await call('PUT', '/en/fallback', { body: { fallback: 'en' } })
    expect(self.status).toBe(422)
    const missing = await call('PUT', '/en/fallback', { body: {} })
    expect(missing.status).toBe(400)
    expect((await body(missing)).errors?.[0]?.path).toBe('body.fallback')
  })

  it('disables a locale other than the default', async () => {
    const isDefault = await call('POST', '/es/disable')
    expect(isDefault.status).toBe(409)
    const response = await call('POST', '/pt-BR/disable')
    expect(response.status).toBe(200)
    expect((await locales()).find((locale) => locale.code === 'pt-BR')?.enabled).toBe(false)
    await expect(currentTenant()).resolves.toMatchObject({
      locales: [{ code: 'en' }, { code: 'es' }],
    })
    const invalid = await call('POST', '/not-a-locale/disable')
    expect(invalid.status).toBe(400)
    expect((await body(invalid)).errors?.[0]?.path).toBe('params.code')
  })

  it("answers 404 for another tenant's locale", async () => {
    const { tenant, admin: globexAdmin } = server.globex
    const added = await server.request('POST', '/api/admin/locales', {
      tenant,
      token: globexAdmin.accessToken,
      body: { code: 'de' },
    })
    expect(added.status).toBe(201)
    expect((await call('PUT', '/de/fallback', { body: { fallback: null } })).status).toBe(404)
    expect((await call('POST', '/de/disable')).status).toBe(404)
    await expect(codes()).resolves.toEqual(['en', 'es', 'pt-BR'])
  })

  it('lets customers do nothing here', async () => {
    const token = server.acme.customer.accessToken
    for (const [method, path, payload] of [
      ['GET', '', undefined],
      ['POST', '', { code: 'it' }],
      ['PUT', '/default', { locale: 'en' }],
      ['PUT', '/en/fallback', { fallback: null }],
      ['POST', '/en/disable', undefined],
    ] as const) {
      const response = await call(method, path, { token, body: payload })
      expect(response.status, `${method} ${path}`).toBe(403)
    }
    await expect(codes()).resolves.toEqual(['en', 'es', 'pt-BR'])
  })
})
