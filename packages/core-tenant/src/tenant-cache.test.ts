import { describe, expect, it } from 'vitest'
import { createMemoryCache } from '@rustok/core-cache'
import type { Tenant } from './tenant'
import { aTenant, memoryLookup } from './internal/tenant-fixtures.test-helper'
import { createTenantCache, tenantCacheInvalidationKeys, tenantCacheKey } from './tenant-cache'
import { createTenantResolver } from './tenant-resolver'

describe('createTenantCache', () => {
  it('loads once for 1,000 concurrent resolves of one tenant', async () => {
    const lookup = memoryLookup([aTenant()])
    const tenantCache = createTenantCache({ cache: createMemoryCache<Tenant>(), lookup })
    const resolver = createTenantResolver({ lookup: tenantCache, modes: ['header'] })
    const results = await Promise.all(
      Array.from({ length: 1_000 }, () =>
        resolver.resolve({ headers: new Headers({ 'x-tenant-id': 'acme' }) }),
      ),
    )
    expect(results.every((result) => result.ok)).toBe(true)
    expect(lookup.calls).toHaveLength(1)
  })

  it('caches "not found" until the negative TTL runs out', async () => {
    let clock = 0
    const lookup = memoryLookup([])
    const tenantCache = createTenantCache({
      cache: createMemoryCache<Tenant>({ now: () => clock }),
      lookup,
      negativeTtlMs: 60_000,
    })
    const resolver = createTenantResolver({ lookup: tenantCache, modes: ['header'] })
    const ghost = { headers: new Headers({ 'x-tenant-id': 'ghost' }) }
    await expect(resolver.resolve(ghost)).resolves.toMatchObject({ status: 404 })
    await expect(resolver.resolve(ghost)).resolves.toMatchObject({ status: 404 })
    expect(lookup.calls).toHaveLength(1)
    clock += 60_001
    await resolver.resolve(ghost)
    expect(lookup.calls).toHaveLength(2)
  })

  it('keeps two tenants apart and invalidates every key of a changed tenant, old slug included', async () => {
    const a = aTenant()
    const b = aTenant({
      id: '00000000-0000-7000-8000-000000000002',
      slug: 'beta',
      domain: 'beta.test',
    })
    const cache = createMemoryCache<Tenant>()
    const tenantCache = createTenantCache({ cache, lookup: memoryLookup([a, b]) })
    await expect(tenantCache.find({ kind: 'slug', value: 'acme' })).resolves.toBe(a)
    await expect(tenantCache.find({ kind: 'slug', value: 'beta' })).resolves.toBe(b)
    await tenantCache.find({ kind: 'host', value: 'shop.acme.test' })
    await tenantCache.find({ kind: 'uuid', value: a.id })

    await tenantCache.invalidate({ ...a, slug: 'acme-2', domain: null }, a)

    for (const key of ['slug:acme', 'host:shop.acme.test', `uuid:${a.id}`]) {
      expect(cache.get(`tenant:v1:${key}`)).toBeUndefined()
    }
    expect(cache.get('tenant:v1:slug:beta')).toBe(b)
    expect(cache.stats().size).toBe(1)
  })

  it('invalidates by id, also dropping a negative entry for the slug of a new tenant', async () => {
    const tenants = [aTenant({ domain: null })]
    const cache = createMemoryCache<Tenant>()
    const tenantCache = createTenantCache({ cache, lookup: memoryLookup(tenants) })
    await expect(tenantCache.find({ kind: 'slug', value: 'newco' })).resolves.toBeUndefined()
    const newco = aTenant({
      id: '00000000-0000-7000-8000-000000000003',
      slug: 'newco',
      domain: null,
    })
    tenants.push(newco)
    await tenantCache.invalidateById(newco.id)
    await expect(tenantCache.find({ kind: 'slug', value: 'newco' })).resolves.toBe(newco)
  })

  it('builds versioned keys', () => {
    expect(tenantCacheKey({ kind: 'host', value: 'a.test' })).toBe('tenant:v1:host:a.test')
    expect(tenantCacheInvalidationKeys(aTenant({ domain: null }))).toEqual([
      'tenant:v1:uuid:00000000-0000-7000-8000-000000000001',
      'tenant:v1:slug:acme',
    ])
  })
})
