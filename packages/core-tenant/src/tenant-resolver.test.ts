import { describe, expect, it } from 'vitest'
import { aTenant, memoryLookup } from './internal/tenant-fixtures.test-helper'
import { requestHost } from './request-host'
import { createTenantResolver } from './tenant-resolver'

const acme = aTenant()
const closed = aTenant({
  id: '00000000-0000-7000-8000-000000000002',
  slug: 'closed',
  domain: null,
  active: false,
})
const request = (headers: Record<string, string>) => ({ headers: new Headers(headers) })

describe('createTenantResolver', () => {
  const lookup = memoryLookup([acme, closed])

  it('resolves the header by uuid or slug', async () => {
    const resolver = createTenantResolver({ lookup, modes: ['header'] })
    await expect(
      resolver.resolve(request({ 'X-Tenant-ID': acme.id.toUpperCase() })),
    ).resolves.toEqual({
      ok: true,
      tenant: acme,
      via: 'header',
    })
    await expect(resolver.resolve(request({ 'x-tenant-id': ' ACME ' }))).resolves.toMatchObject({
      ok: true,
    })
  })

  it('answers 400 for an invalid or missing identifier, with no silent default', async () => {
    const resolver = createTenantResolver({ lookup, modes: ['header'] })
    await expect(resolver.resolve(request({ 'x-tenant-id': 'bad_slug' }))).resolves.toMatchObject({
      ok: false,
      status: 400,
      reason: 'INVALID',
    })
    await expect(resolver.resolve(request({ 'x-tenant-id': 'admin' }))).resolves.toMatchObject({
      status: 400,
    })
    await expect(resolver.resolve(request({ 'x-tenant-id': 'a.b' }))).resolves.toMatchObject({
      status: 400,
    })
    await expect(resolver.resolve(request({}))).resolves.toMatchObject({
      status: 400,
      reason: 'MISSING',
    })
  })

  it('answers 404 for an unknown tenant and 403 for a disabled one', async () => {
    const resolver = createTenantResolver({ lookup, modes: ['header'] })
    await expect(resolver.resolve(request({ 'x-tenant-id': 'nobody' }))).resolves.toEqual({
      ok: false,
      status: 404,
      code: 'NOT_FOUND',
      reason: 'UNKNOWN',
      message: 'Tenant not found',
    })
    await expect(resolver.resolve(request({ 'x-tenant-id': 'closed' }))).resolves.toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    })
  })

  it('uses the configured default tenant only when the request names none', async () => {
    const resolver = createTenantResolver({ lookup, modes: ['header'], defaultTenant: 'acme' })
    await expect(resolver.resolve(request({}))).resolves.toMatchObject({ ok: true, via: 'default' })
    await expect(resolver.resolve(request({ 'x-tenant-id': 'nobody' }))).resolves.toMatchObject({
      status: 404,
    })
    expect(() =>
      createTenantResolver({ lookup, modes: ['header'], defaultTenant: 'admin' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
  })

  it('matches the host exactly, preferring trusted forwarded headers and stripping the port', async () => {
    const resolver = createTenantResolver({ lookup, modes: ['host'], trustForwarded: true })
    await expect(resolver.resolve(request({ host: 'SHOP.acme.test:8443' }))).resolves.toMatchObject(
      {
        ok: true,
        via: 'host',
      },
    )
    await expect(
      resolver.resolve(request({ host: 'internal', 'x-forwarded-host': 'shop.acme.test, proxy' })),
    ).resolves.toMatchObject({ ok: true })
    await expect(
      resolver.resolve(
        request({ host: 'internal', forwarded: 'for=1.2.3.4;host="shop.acme.test:80", for=x' }),
      ),
    ).resolves.toMatchObject({ ok: true })
    await expect(resolver.resolve(request({ host: 'other.test' }))).resolves.toMatchObject({
      status: 404,
    })
    await expect(resolver.resolve(request({ host: 'bad_host.test' }))).resolves.toMatchObject({
      status: 400,
    })
  })

  it('ignores X-Forwarded-Host and Forwarded by default, unless the request came through a trusted proxy', async () => {
    const resolver = createTenantResolver({ lookup, modes: ['host'] })
    const spoofed = {
      host: 'other.test',
      'x-forwarded-host': 'shop.acme.test',
      forwarded: 'host=shop.acme.test',
    }
    await expect(resolver.resolve(request(spoofed))).resolves.toMatchObject({ status: 404 })
    await expect(
      resolver.resolve({ ...request(spoofed), viaTrustedProxy: true }),
    ).resolves.toMatchObject({ ok: true, tenant: acme })
    const trusting = createTenantResolver({ lookup, modes: ['host'], trustForwarded: true })
    await expect(
      trusting.resolve({ ...request(spoofed), viaTrustedProxy: false }),
    ).resolves.toMatchObject({ status: 404 })
  })

  it('reads a slug from a subdomain of the base domain, then falls through to the next mode', async () => {
    const resolver = createTenantResolver({
      lookup,
      modes: ['subdomain', 'host'],
      baseDomain: 'rustok.test',
    })
    await expect(resolver.resolve(request({ host: 'Acme.rustok.test' }))).resolves.toMatchObject({
      ok: true,
      via: 'subdomain',
    })
    await expect(resolver.resolve(request({ host: 'api.rustok.test' }))).resolves.toMatchObject({
      status: 400,
    })
    await expect(resolver.resolve(request({ host: 'shop.acme.test' }))).resolves.toMatchObject({
      via: 'host',
    })
    await expect(resolver.resolve(request({ host: 'a.acme.rustok.test' }))).resolves.toMatchObject({
      status: 404,
    })
    expect(() => createTenantResolver({ lookup, modes: ['subdomain'] })).toThrow(/baseDomain/)
  })

  it('takes a request addressed by IP or to localhost as naming no tenant (400, not a lookup)', async () => {
    const counting = memoryLookup([acme])
    // The default modes of the tenancy module.
    const resolver = createTenantResolver({ lookup: counting, modes: ['header', 'host'] })
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', '10.0.0.7']) {
      await expect(resolver.resolve(request({ host }))).resolves.toEqual({
        ok: false,
        status: 400,
        code: 'INVALID_INPUT',
        reason: 'MISSING',
        message: 'The request does not name a tenant',
      })
    }
    expect(counting.calls).toEqual([])
    // With a default tenant, such a request gets it; a header still wins.
    const withDefault = createTenantResolver({
      lookup,
      modes: ['header', 'host'],
      defaultTenant: 'acme',
    })
    await expect(withDefault.resolve(request({ host: '127.0.0.1' }))).resolves.toMatchObject({
      ok: true,
      via: 'default',
    })
    await expect(
      resolver.resolve(request({ host: '127.0.0.1', 'x-tenant-id': 'acme' })),
    ).resolves.toMatchObject({ ok: true, via: 'header' })
  })

  it('accepts localhost as the base domain of development subdomains', async () => {
    const resolver = createTenantResolver({ lookup, modes: ['subdomain'], baseDomain: 'localhost' })
    await expect(resolver.resolve(request({ host: 'acme.localhost:3000' }))).resolves.toMatchObject(
      { ok: true, tenant: acme, via: 'subdomain' },
    )
  })
})

describe('requestHost', () => {
  it('ignores forwarded headers unless trusted', () => {
    const headers = new Headers({ host: 'real.test', 'x-forwarded-host': 'spoof.test' })
    expect(requestHost({ headers }, false)).toBe('real.test')
    expect(requestHost({ headers }, true)).toBe('spoof.test')
    expect(requestHost({ headers: new Headers(), host: 'url.test:3000' }, true)).toBe('url.test')
    expect(requestHost({ headers: new Headers() }, true)).toBeUndefined()
    expect(requestHost({ headers: new Headers({ host: '[::1]:3000' }) }, false)).toBe('[::1]')
  })
})
