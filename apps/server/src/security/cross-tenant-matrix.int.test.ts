import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Route } from '@rustok/http'
import { createTestRelay } from '../modules/events/test-relay.test-helper'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
  type TestTenant,
  type TestUser,
} from '../testing/test-server.test-helper'

/**
 * The cross-tenant matrix (ARCHITECTURE.md, security target): every route of the router × {own
 * tenant, the other tenant's ids, no tenant, a forged tenant header}. No combination may reach the
 * other tenant's data. The rows are generated from the router, so a new route joins the matrix by
 * existing; the values of its path parameters come from its module (`matrixFixtures`), and a route
 * with a parameter no module fills fails until its module provides one.
 */

type Side = 'own' | 'foreign'

/** Routes of the platform operator (ADR 0020): they address any tenant by design. */
const isPlatformRoute = (route: Route): boolean =>
  route.access.kind === 'permission' && route.access.platform === true

/** What acts on every tenant by its nature: tenants themselves, and the outbox of all events. */
const actsOnEveryTenant = (route: Route): boolean =>
  route.access.kind === 'permission' &&
  (route.access.permission.startsWith('tenants:') || route.path.startsWith('/api/admin/events'))

/** The server's own routes' parameters (the API reference's assets); modules bring theirs. */
const SERVER_FIXTURES: Readonly<Record<string, Record<string, string>>> = {
  docs: { file: 'swagger-ui.css' },
}

// A valid body for each route that takes one, so validation never hides what the route does.
const BODIES: Readonly<Record<string, unknown>> = {
  'PATCH /api/admin/users/:id': { name: 'Renamed' },
  'PUT /api/admin/users/:id/role': { role: 'manager' },
  'PUT /api/admin/locales/:code/fallback': { fallback: null },
  'PATCH /api/admin/tenants/:id': { name: 'Renamed' },
  'POST /api/admin/tenants/:id/invites': { email: 'new-admin@example.com', role: 'admin' },
  'POST /api/content/nodes/:id/move': { parentId: null },
  'POST /api/blog/posts/:id/comments': { body: 'A comment' },
  'POST /api/forum/topics/:topicId/replies': { body: 'A reply' },
  'POST /api/forum/topics/:topicId/move': { categoryId: '0190a0d4-7f55-7c1e-9c1a-000000000003' },
  'POST /api/commerce/variants/:variantId/prices': { currency: 'EUR', amount: 100, minQuantity: 5 },
  'POST /api/commerce/products/:id/variants': { valueIds: [] },
  'POST /api/commerce/products/:id/options': {
    translations: [{ locale: 'en', name: 'Size' }],
    values: [{ translations: [{ locale: 'en', label: 'S' }] }],
  },
  'POST /api/pages/:id/blocks': { type: 'spacer', data: { size: 's' } },
  'PUT /api/pages/:id/blocks/order': { blockIds: [] },
  'POST /api/commerce/inventory/:variantId/:locationId/adjust': { delta: 1 },
  'POST /api/admin/index/rebuilds': { entity: 'content' },
  'POST /api/admin/index/drift': { entity: 'content' },
  'POST /api/commerce/orders/:id/ship': { carrier: 'dhl', trackingNumber: 'JD014600' },
  'POST /api/commerce/orders/:id/refund': { amount: 1 },
  'POST /api/commerce/inventory/:variantId/:locationId/set': { stocked: 5 },
  'PUT /api/store/customers/me/addresses/:id': {
    firstName: 'Ada',
    lastName: 'Lovelace',
    line1: '1 Main Street',
    city: 'London',
    countryCode: 'GB',
  },
  'POST /api/commerce/inventory/:variantId/transfer': {
    from: '0190a0d4-7f55-7c1e-9c1a-000000000001',
    to: '0190a0d4-7f55-7c1e-9c1a-000000000002',
    quantity: 1,
  },
}

const key = (route: Route): string => `${route.method.toUpperCase()} ${route.path}`

describe('cross-tenant matrix: no route answers 2xx across tenants', () => {
  let server: TestServer
  let fixtures: Record<Side, Record<string, Record<string, string>>>

  beforeAll(async () => {
    server = await createTestServer()
    const { acme, globex } = server
    // Both tenants use every module with routes, so a module guard's 404 never hides a route.
    for (const side of [acme, globex])
      for (const module of ['content', 'blog', 'pages', 'forum', 'commerce', 'webhooks', 'index'])
        await server.services.tenantModules.enableModule(side.tenant.id, module)
    // Each module fills the path parameters of its own routes with real rows of each tenant.
    const fixturesOf = async (side: Side, tenant: TestTenant) => {
      const merged: Record<string, Record<string, string>> = { ...SERVER_FIXTURES }
      for (const { setup } of server.services.composed.modules) {
        const own = await setup.matrixFixtures?.({
          side,
          tenantId: tenant.tenant.id,
          adminId: tenant.admin.id,
          customerId: tenant.customer.id,
        })
        for (const [group, values] of Object.entries(own ?? {})) {
          merged[group] = { ...merged[group], ...values }
        }
      }
      return merged
    }
    fixtures = { own: await fixturesOf('own', acme), foreign: await fixturesOf('foreign', globex) }
  })
  afterAll(() => server.destroy())

  /** The concrete path for `side`'s ids; throws for a parameter without a fixture. */
  function pathFor(route: Route, side: Side): string {
    return route.path.replace(/:(\w+)/g, (_, name: string) => {
      const segments = route.path.split('/').filter((part) => part !== '' && !part.startsWith(':'))
      const group = [...segments]
        .reverse()
        .find((part) => fixtures[side][part]?.[name] !== undefined)
      const value = group === undefined ? undefined : fixtures[side][group]?.[name]
      if (value === undefined) throw new Error(`No ${side} fixture for :${name} in ${key(route)}`)
      return value
    })
  }

  const call = (route: Route, init: Parameters<TestServer['request']>[2] & { side: Side }) =>
    server.request(route.method.toUpperCase(), pathFor(route, init.side), {
      ...init,
      body: BODIES[key(route)] ?? (route.request.body ? {} : undefined),
    })

  it('covers every route of the router', () => {
    expect(server.routes.length).toBeGreaterThan(40)
    for (const route of server.routes) {
      expect(() => pathFor(route, 'own'), key(route)).not.toThrow()
      expect(() => pathFor(route, 'foreign'), key(route)).not.toThrow()
    }
  })

  it('no tenant: every tenant route answers 400, never 2xx', async () => {
    const failures: string[] = []
    for (const route of server.routes.filter((r) => r.tenant === 'required')) {
      const response = await call(route, {
        side: 'own',
        tenant: null,
        token: server.superAdmin.accessToken,
      })
      if (response.status !== 400) failures.push(`${key(route)} → ${response.status}`)
    }
    expect(failures).toEqual([])
  })

  it("forged tenant header: acme's token sent to globex answers 401 on every signed-in route", async () => {
    const failures: string[] = []
    for (const route of server.routes.filter((r) => r.access.kind !== 'public')) {
      const response = await call(route, {
        side: 'foreign',
        tenant: server.globex.tenant,
        token: server.superAdmin.accessToken,
      })
      if (response.status !== 401) failures.push(`${key(route)} → ${response.status}`)
    }
    expect(failures).toEqual([])
  })

  it("the other tenant's ids: every tenant-owned id answers 404 to acme's super_admin", async () => {
    const failures: string[] = []
    const withIds = server.routes.filter(
      (r) =>
        r.tenant === 'required' &&
        r.access.kind !== 'public' &&
        !isPlatformRoute(r) &&
        /:\w+/.test(r.path),
    )
    expect(withIds.length).toBeGreaterThan(5)
    for (const route of withIds) {
      if (pathFor(route, 'own') === pathFor(route, 'foreign')) continue // not an id (a module name)
      const response = await call(route, {
        side: 'foreign',
        tenant: server.acme.tenant,
        token: server.superAdmin.accessToken,
      })
      if (response.status !== 404) failures.push(`${key(route)} → ${response.status}`)
    }
    expect(failures).toEqual([])
  })

  it("own tenant: every read route answers 2xx with acme's own ids (the fixtures are real)", async () => {
    const failures: string[] = []
    for (const route of server.routes.filter(
      (r) => r.method === 'get' && !r.path.includes('dead-letters/:id'),
    )) {
      const response = await call(route, {
        side: 'own',
        tenant: server.acme.tenant,
        token: server.superAdmin.accessToken,
      })
      if (response.status < 200 || response.status > 299) {
        failures.push(`${key(route)} → ${response.status}`)
      }
    }
    expect(failures).toEqual([])
  })

  it('marks every route that acts on every tenant as a platform route, and no other', () => {
    const unmarked = server.routes.filter((r) => actsOnEveryTenant(r) !== isPlatformRoute(r))
    expect(unmarked.map(key)).toEqual([])
  })

  it('platform routes: a super_admin of either tenant who is not the platform operator gets 403', async () => {
    const failures: string[] = []
    const roots: [TestTenant, TestUser][] = []
    for (const side of [server.acme, server.globex]) {
      const email = `second-root-${randomUUID()}@${side.tenant.slug}.test`
      const registered = await server.services.users.register({
        tenantId: side.tenant.id,
        email,
        password: TEST_PASSWORD,
        role: 'super_admin',
        emailVerified: true,
      })
      if (!registered.ok) throw new Error(`${email} not registered`)
      roots.push([side, await server.signIn(side.tenant, email, TEST_PASSWORD)])
    }
    for (const route of server.routes.filter(isPlatformRoute)) {
      for (const [tenant, root] of roots) {
        for (const side of ['own', 'foreign'] as const) {
          const response = await call(route, {
            side,
            tenant: tenant.tenant,
            token: root.accessToken,
          })
          if (response.status !== 403)
            failures.push(`${key(route)} ${side} by ${root.email} → ${response.status}`)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('platform routes: tenant admins of either tenant get 403, whatever tenant they name', async () => {
    const failures: string[] = []
    const platform = server.routes.filter(isPlatformRoute)
    expect(platform.length).toBeGreaterThan(5)
    for (const route of platform) {
      for (const [tenant, admin] of [
        [server.acme, server.acme.admin],
        [server.globex, server.globex.admin],
      ] as const) {
        for (const side of ['own', 'foreign'] as const) {
          const response = await call(route, {
            side,
            tenant: tenant.tenant,
            token: admin.accessToken,
          })
          if (response.status !== 403)
            failures.push(`${key(route)} ${side} by ${admin.email} → ${response.status}`)
        }
      }
    }
    expect(failures).toEqual([])
  })
  it("lists: no item of the other tenant appears in a tenant's own lists and reads", async () => {
    // A marker row per tenant (a user), and what it sets off (its audit entry), delivered.
    const markers = new Map<TestTenant, string[]>()
    for (const side of [server.acme, server.globex]) {
      const tag = `marker-${side.tenant.slug}-${randomUUID()}`
      const registered = await server.services.users.register({
        tenantId: side.tenant.id,
        email: `${tag}@${side.tenant.slug}.test`,
        password: TEST_PASSWORD,
        name: tag,
        emailVerified: true,
      })
      if (!registered.ok) throw new Error(`${tag} not registered`)
      markers.set(side, [
        tag,
        registered.user.id,
        side.tenant.id,
        side.admin.id,
        side.customer.id,
        side.admin.email,
        side.customer.email,
      ])
    }
    // The audit log, and the index's projections (its admin searches list the fixtures' rows).
    const handlers = server.services.composed.handlers.filter(
      (h) => h.name === 'audit-log' || h.name.startsWith('index-'),
    )
    await createTestRelay({ services: server.services, handlers }).drain()

    const reads = server.routes.filter(
      (r) =>
        r.method === 'get' &&
        r.tenant === 'required' &&
        r.access.kind !== 'public' &&
        !isPlatformRoute(r),
    )
    expect(reads.map(key)).toEqual(
      expect.arrayContaining(['GET /api/admin/users', 'GET /api/admin/audit-log']),
    )
    const failures: string[] = []
    for (const [own, other] of [
      [server.acme, server.globex],
      [server.globex, server.acme],
    ] as const) {
      const side: Side = own === server.acme ? 'own' : 'foreign'
      const [ownTag = ''] = markers.get(own) ?? []
      const foreign = markers.get(other) ?? []
      for (const route of reads) {
        const response = await server.request('GET', pathFor(route, side), {
          tenant: own.tenant,
          token: own.admin.accessToken,
        })
        const text = await response.text()
        const label = `${key(route)} as ${own.admin.email}`
        if (response.status !== 200) {
          failures.push(`${label} → ${response.status}`)
          continue
        }
        const leaked = foreign.filter((marker) => text.includes(marker))
        if (leaked.length > 0) failures.push(`${label} shows ${leaked.join(', ')}`)
        const body = JSON.parse(text) as { items?: unknown[] }
        // Every list has rows to leak: an empty one would prove nothing.
        if (Array.isArray(body.items) && body.items.length === 0) failures.push(`${label}: empty`)
        const listsMarkers = ['GET /api/admin/users', 'GET /api/admin/audit-log'].includes(
          key(route),
        )
        if (listsMarkers && !text.includes(ownTag)) failures.push(`${label} lacks its own marker`)
      }
    }
    expect(failures).toEqual([])
  })
})
