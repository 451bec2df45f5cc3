import { Hono } from 'hono'
import type { AppEnv } from '@rustok/http'
import { describe, expect, it } from 'vitest'
import { createTenantResolver, type TenantRequest, type TenantResolver } from '../index'
import { aTenant } from '../internal/tenant-fixtures.test-helper'
import { resolveTenant } from './tenant-middleware'

const acme = aTenant({ slug: 'acme', domain: 'shop.acme.test' })

/** The real resolver (host mode, then header), keeping every request it is handed. */
function recordingResolver(): { resolver: TenantResolver; seen: TenantRequest[] } {
  const real = createTenantResolver({
    lookup: {
      find: (identifier) =>
        Promise.resolve(
          identifier.value === acme.domain || identifier.value === acme.id ? acme : undefined,
        ),
    },
    modes: ['header', 'host'],
  })
  const seen: TenantRequest[] = []
  return {
    seen,
    resolver: {
      resolve(request) {
        seen.push(request)
        return real.resolve(request)
      },
    },
  }
}

function appWith(resolver: TenantResolver): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/t', resolveTenant(resolver), (c) => c.json({ slug: c.get('tenant').slug }))
  return app
}

describe('resolveTenant (middleware)', () => {
  it('resolves a tenant named by the host of the request URL', async () => {
    const { resolver } = recordingResolver()
    const response = await appWith(resolver).request('http://shop.acme.test/t')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ slug: 'acme' })
  })

  it('hands the resolver no getter of its own per request: one shared on the prototype', async () => {
    // A getter in an object literal is a new closure per request, reachable from V8's old space
    // through the object's accessor: it kept every request's objects alive past young collections
    // (issue 11, ADR 0040). The shared getter must still give the URL's host.
    const { resolver, seen } = recordingResolver()
    const app = appWith(resolver)
    await app.request('http://shop.acme.test/t')
    await app.request('http://shop.acme.test/t', { headers: { 'x-tenant-id': acme.id } })
    const [first, second] = seen
    if (first === undefined || second === undefined) throw new Error('two requests not seen')
    expect(Object.getOwnPropertyDescriptor(first, 'host')).toBeUndefined()
    const prototypeOf = (request: TenantRequest) => Object.getPrototypeOf(request) as object
    expect(prototypeOf(second)).toBe(prototypeOf(first))
    expect(Object.getOwnPropertyDescriptor(prototypeOf(first), 'host')).toHaveProperty(
      'get',
      expect.any(Function),
    )
    expect(first.host).toBe('shop.acme.test')
  })
})
