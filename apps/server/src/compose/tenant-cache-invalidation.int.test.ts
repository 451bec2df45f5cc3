import { createMemoryInvalidationHub } from '@rustok/core-cache'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createLogger } from '../observability/logger'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'
import {
  startTenantCacheInvalidation,
  type TenantCacheInvalidation,
  type TenantCacheTransportChoice,
} from './tenant-cache-invalidation'
import {
  firstInstance,
  secondInstance,
  type TestInstance,
} from './tenant-cache-invalidation.test-helper'

const redisUrl = process.env.REDIS_URL
if (redisUrl === undefined) {
  process.stdout.write(
    '[server] REDIS_URL is not set: tenant cache invalidation over Redis skipped\n',
  )
}

// Well inside the 300 s tenant TTL (60 s negative, 30 s locales): only a message explains a pass.
const SOON = { timeout: 2_000, interval: 20 }

describe('tenant cache invalidation across instances', () => {
  let server: TestServer
  const running: TenantCacheInvalidation[] = []
  const redisClients: Redis[] = []
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(async () => {
    await Promise.all(running.map((invalidation) => invalidation.close()))
    await Promise.all(redisClients.map((client) => client.quit()))
    await server.destroy()
  })

  /** Instance A (the test server) and a fresh instance B, both invalidating over `transport`. */
  async function pair(transport: () => TenantCacheTransportChoice) {
    const a = firstInstance(server)
    const b = await secondInstance(server)
    for (const instance of [a, b]) {
      running.push(
        await startTenantCacheInvalidation({
          tenantChanges: instance.services.tenantChanges,
          transport: transport(),
          logger: createLogger({ level: 'silent' }),
        }),
      )
    }
    return { a, b }
  }

  async function detach(count: number): Promise<void> {
    await Promise.all(running.splice(-count).map((invalidation) => invalidation.close()))
  }

  async function createTenant(instance: TestInstance, slug: string) {
    const created = await instance.services.tenants.create({ slug, name: slug })
    if (!created.ok) throw new Error(`tenant ${slug} not created`)
    return created.tenant
  }

  /** The scenarios every transport must pass. */
  function scenarios(
    transport: () => TenantCacheTransportChoice,
    names: { readonly prefix: string; readonly locale: string },
  ) {
    const { prefix, locale: code } = names
    it('a tenant disabled through instance A answers 403 on instance B within 2 s', async () => {
      const { a, b } = await pair(transport)
      const tenant = await createTenant(a, `${prefix}-twin`)
      await expect(a.resolve(tenant.slug)).resolves.toMatchObject({ ok: true })
      await expect(b.resolve(tenant.slug)).resolves.toMatchObject({ ok: true }) // cached on B

      const disabled = await a.services.tenants.disable(tenant.id)
      expect(disabled).toMatchObject({ ok: true, changed: true })

      await expect(a.resolve(tenant.slug)).resolves.toMatchObject({ ok: false, status: 403 })
      await expect
        .poll(() => b.resolve(tenant.slug), SOON)
        .toMatchObject({ ok: false, status: 403 })
      await expect(b.resolve(tenant.id)).resolves.toMatchObject({ ok: false, status: 403 })
      await detach(2)
    })

    it('a slug B cached as unknown resolves on B soon after A creates it', async () => {
      const { a, b } = await pair(transport)
      const slug = `${prefix}-newco`
      await expect(b.resolve(slug)).resolves.toMatchObject({ ok: false, status: 404 })
      await createTenant(a, slug)
      await expect.poll(() => b.resolve(slug), SOON).toMatchObject({ ok: true })
      await detach(2)
    })

    it("a locale added through A's route shows in B's GET /api/tenant", async () => {
      const { a, b } = await pair(transport)
      const { tenant, admin } = server.globex
      const current = async (instance: TestInstance) => {
        const response = await instance.request('/api/tenant', {
          tenant: tenant.id,
          token: admin.accessToken,
        })
        expect(response.status).toBe(200)
        const body = (await response.json()) as { locales: { code: string }[] }
        return body.locales.map((locale) => locale.code)
      }
      expect(await current(b)).not.toContain(code) // cached on B for 30 s

      const added = await server.request('POST', '/api/admin/locales', {
        tenant: tenant,
        token: admin.accessToken,
        body: { code },
      })
      expect(added.status).toBe(201)

      expect(await current(a)).toContain(code)
      await expect.poll(() => current(b), SOON).toContain(code)
      await detach(2)
    })

    it("an instance ignores its own messages and handles the other's", async () => {
      const { a, b } = await pair(transport)
      const tenant = await createTenant(a, `${prefix}-echo`)
      const forgotOnA = vi.spyOn(a.services.tenantChanges, 'forget')
      const forgotOnB = vi.spyOn(b.services.tenantChanges, 'forget')
      try {
        await a.services.tenants.update(tenant.id, { name: 'Echo' })
        await expect.poll(() => forgotOnB.mock.calls, SOON).toContainEqual([tenant.id])
        // Messages on one channel arrive in order: once A has B's later one, it had its own.
        const other = await createTenant(b, `${prefix}-echo-b`)
        await expect.poll(() => forgotOnA.mock.calls, SOON).toContainEqual([other.id])
        expect(forgotOnA).not.toHaveBeenCalledWith(tenant.id)
        expect(forgotOnB).not.toHaveBeenCalledWith(other.id)
      } finally {
        forgotOnA.mockRestore()
        forgotOnB.mockRestore()
        await detach(2)
      }
    })
  }

  describe('over PostgreSQL LISTEN/NOTIFY (PGlite: its in-process LISTEN)', () => {
    scenarios(() => ({ kind: 'postgres', db: server.testDb.db }), { prefix: 'pg', locale: 'de' })
  })

  describe('over the in-memory hub (one hub stands in for the network)', () => {
    const hub = createMemoryInvalidationHub()
    scenarios(() => ({ kind: 'memory', hub }), { prefix: 'mem', locale: 'fr' })

    it('without a transport, B keeps serving the stale tenant (what this wiring fixes)', async () => {
      const a = firstInstance(server)
      const b = await secondInstance(server)
      const tenant = await createTenant(a, 'mem-stale')
      await expect(b.resolve(tenant.slug)).resolves.toMatchObject({ ok: true })
      await a.services.tenants.disable(tenant.id)
      await new Promise((resolve) => setTimeout(resolve, 200))
      await expect(b.resolve(tenant.slug)).resolves.toMatchObject({ ok: true })
    })
  })

  describe.skipIf(redisUrl === undefined)('over Redis pub/sub (needs REDIS_URL)', () => {
    const client = () => {
      const redis = new Redis(redisUrl ?? '', { maxRetriesPerRequest: 1 })
      redisClients.push(redis)
      return redis
    }
    scenarios(() => ({ kind: 'redis', redis: client() }), { prefix: 'redis', locale: 'it' })
  })
})
