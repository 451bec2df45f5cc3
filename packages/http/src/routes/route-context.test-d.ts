import { describe, expectTypeOf, it } from 'vitest'
import type { Principal, RequestTenant } from './app-env'
import { AUTHENTICATED, defineRoute, PUBLIC, requires } from './route-definition'

const responses = { 200: { description: 'ok' } }

describe('a handler’s context is typed from its route declaration', () => {
  it('a signed-in tenant route has principal and tenant, non-optional', () => {
    defineRoute({
      method: 'get',
      path: '/a',
      operationId: 'a',
      summary: 'a',
      tags: ['t'],
      access: requires('users:read'),
      responses,
      handler: (c) => {
        expectTypeOf(c.var.principal).toEqualTypeOf<Principal>()
        expectTypeOf(c.var.tenant).toEqualTypeOf<RequestTenant>()
        expectTypeOf(c.var.userId).toEqualTypeOf<string>()
        return c.json({})
      },
    })
    defineRoute({
      method: 'get',
      path: '/b',
      operationId: 'b',
      summary: 'b',
      tags: ['t'],
      access: AUTHENTICATED,
      responses,
      handler: (c) => {
        expectTypeOf(c.var.principal).toEqualTypeOf<Principal>()
        return c.json({})
      },
    })
  })

  it('a public tenant route has a tenant and no principal', () => {
    defineRoute({
      method: 'post',
      path: '/c',
      operationId: 'c',
      summary: 'c',
      tags: ['t'],
      access: PUBLIC,
      responses,
      handler: (c) => {
        expectTypeOf(c.var.tenantId).toEqualTypeOf<string>()
        // @ts-expect-error a public route has no principal
        void c.var.principal
        return c.json({})
      },
    })
  })

  it('a tenant-less route has neither', () => {
    defineRoute({
      method: 'get',
      path: '/d',
      operationId: 'd',
      summary: 'd',
      tags: ['t'],
      access: PUBLIC,
      tenant: 'none',
      responses,
      handler: (c) => {
        expectTypeOf(c.var.requestId).toEqualTypeOf<string>()
        // @ts-expect-error a tenant-less route has no tenant
        void c.var.tenant
        // @ts-expect-error nor a principal
        void c.var.principal
        return c.json({})
      },
    })
  })
})
