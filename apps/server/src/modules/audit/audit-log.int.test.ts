import type { Tenant } from '@rustok/core-tenant'
import type { IdempotentHandler, OutboxTables } from '@rustok/outbox'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
  type TestUser,
} from '../../testing/test-server.test-helper'
import { createTestRelay, type TestRelay } from '../events/test-relay.test-helper'
import { auditedTypes } from './audit-log-handler'
import type { AuditTables } from './audit-tables'

interface Entry {
  id: string
  type: string
  occurredAt: string
  actorId: string | null
  aggregateType: string
  aggregateId: string
  summary: Record<string, unknown>
}
interface EntryPage {
  items: Entry[]
  nextCursor: string | null
}

describe('the audit log (A7), fed from the outbox', () => {
  let server: TestServer
  let db: Kysely<OutboxTables & AuditTables>
  let handler: IdempotentHandler
  let relay: TestRelay
  let globexRoot: TestUser

  beforeAll(async () => {
    server = await createTestServer()
    db = server.services.db as Kysely<OutboxTables & AuditTables>
    const handlers = server.services.composed.handlers.filter((h) => h.name === 'audit-log')
    expect(handlers).toHaveLength(1)
    handler = handlers[0] as IdempotentHandler
    relay = createTestRelay({ services: server.services, handlers })
    const registered = await server.services.users.register({
      tenantId: server.globex.tenant.id,
      email: 'root@globex.test',
      password: TEST_PASSWORD,
      role: 'super_admin',
      emailVerified: true,
    })
    if (!registered.ok) throw new Error('globex root not registered')
    globexRoot = await server.signIn(server.globex.tenant, 'root@globex.test', TEST_PASSWORD)
    await relay.drain()
  })
  afterAll(() => server.destroy())

  const read = async (query = '', as?: { tenant: Tenant; token: string }) => {
    const response = await server.request('GET', `/api/admin/audit-log${query}`, {
      tenant: as?.tenant ?? server.acme.tenant,
      token: as?.token ?? server.superAdmin.accessToken,
    })
    expect(response.status, query).toBe(200)
    return (await response.json()) as EntryPage
  }
  const readAll = async (query: string, as?: { tenant: Tenant; token: string }) => {
    const items: Entry[] = []
    let cursor: string | null = null
    do {
      const suffix: string = cursor === null ? '' : `&cursor=${cursor}`
      const page = await read(`?limit=3&${query}${suffix}`, as)
      items.push(...page.items)
      cursor = page.nextCursor
    } while (cursor !== null)
    return items
  }
  const globexCaller = () => ({ tenant: server.globex.tenant, token: globexRoot.accessToken })
  const auditedEventIds = async (tenantId: string): Promise<string[]> =>
    (
      await db
        .selectFrom('sys_events')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('type', 'in', auditedTypes(server.services.catalog, server.services.modules))
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    ).map((row) => row.id)

  it('subscribes to every auth, user, tenant, module and locale type of the catalogue', () => {
    // The modules declare these families audited: auth (auth., user.), tenancy (tenant., module.,
    // locale.), webhooks (webhook.: endpoints created, rotated, disabled).
    const prefixes = ['auth.', 'user.', 'tenant.', 'module.', 'locale.', 'webhook.']
    const types = server.services.catalog.list().map((definition) => definition.type)
    const expected = types.filter((type) => prefixes.some((p) => type.startsWith(p)))
    expect(handler.name).toBe('audit-log')
    expect([...(handler.types as string[])].sort()).toEqual([...expected].sort())
    for (const type of ['auth.login_failed', 'auth.role_changed', 'user.registered']) {
      expect(handler.types).toContain(type)
    }
    for (const type of ['tenant.created', 'module.enabled', 'locale.enabled']) {
      expect(handler.types).toContain(type)
    }
    expect(handler.types).not.toContain('index.updated')
  })

  it("records each audited event of the current tenant, newest first, and nothing of another tenant's", async () => {
    const acme = await read('?limit=100')
    expect(acme.items.map((entry) => entry.id)).toEqual(
      await auditedEventIds(server.acme.tenant.id),
    )
    expect(acme.items.map((entry) => entry.type)).toEqual(
      expect.arrayContaining(['tenant.created', 'user.registered', 'user.logged_in']),
    )
    const globexIds = await auditedEventIds(server.globex.tenant.id)
    expect(globexIds.length).toBeGreaterThan(0)
    expect(acme.items.some((entry) => globexIds.includes(entry.id))).toBe(false)

    const globex = await read('?limit=100', globexCaller())
    expect(globex.items.map((entry) => entry.id)).toEqual(globexIds)
    const emails = (page: EntryPage) =>
      page.items.filter((entry) => entry.type === 'user.registered').map((e) => e.summary.email)
    expect(emails(acme).sort()).toEqual(['admin@acme.test', 'customer@acme.test', 'root@acme.test'])
    expect(emails(globex).sort()).toEqual([
      'admin@globex.test',
      'customer@globex.test',
      'root@globex.test',
    ])
  })

  it('records a change made through the services once the relay delivers it', async () => {
    const registered = await server.services.users.register({
      tenantId: server.acme.tenant.id,
      email: 'new@acme.test',
      password: TEST_PASSWORD,
    })
    if (!registered.ok) throw new Error('not registered')
    const userId = registered.user.id
    const isNew = (entry: Entry) => entry.summary.userId === userId
    expect((await read('?type=user.registered')).items.some(isNew)).toBe(false)

    await relay.drain()
    const [latest] = (await read('?type=user.registered')).items
    expect(latest).toMatchObject({
      type: 'user.registered',
      aggregateType: 'user',
      aggregateId: userId,
      summary: { userId, email: 'new@acme.test' },
    })
    expect((await read('?type=user.registered', globexCaller())).items.some(isNew)).toBe(false)
  })

  it('records refused logins and changes with their actor', async () => {
    const refused = await server.services.sessions.login({
      tenantId: server.acme.tenant.id,
      email: 'admin@acme.test',
      password: 'not the password',
    })
    expect(refused.ok).toBe(false)
    const added = await server.services.tenantLocales.addLocale(
      server.acme.tenant.id,
      { locale: 'de' },
      { actorId: server.superAdmin.id },
    )
    expect(added.ok).toBe(true)
    await relay.drain()

    const [failure] = (await read('?type=auth.login_failed')).items
    expect(failure?.summary).toMatchObject({
      email: 'admin@acme.test',
      userId: server.acme.admin.id,
    })
    const byRoot = await read(`?actorId=${server.superAdmin.id}`)
    expect(byRoot.items[0]).toMatchObject({ type: 'locale.enabled', summary: { locale: 'de' } })
    expect(byRoot.items.every((entry) => entry.actorId === server.superAdmin.id)).toBe(true)
    expect(byRoot.items.length).toBeLessThan((await read('?limit=100')).items.length)
    expect((await read(`?actorId=${server.superAdmin.id}`, globexCaller())).items).toEqual([])
  })

  it('records a redelivered event once', async () => {
    const [first] = await auditedEventIds(server.acme.tenant.id)
    if (first === undefined) throw new Error('no audited event')
    // As after a relay that delivered the event but died before marking it dispatched.
    await db
      .updateTable('sys_events')
      .set({ status: 'pending', attempts: 0 })
      .where('id', '=', first)
      .execute()
    await relay.drain()
    const row = await db
      .selectFrom('sys_events')
      .select('status')
      .where('id', '=', first)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('dispatched')
    const rows = await db.selectFrom('audit_log').select('id').where('id', '=', first).execute()
    expect(rows).toHaveLength(1)
    const all = await read('?limit=100')
    expect(all.items.filter((entry) => entry.id === first)).toHaveLength(1)
  })

  it('filters by type and time, and pages both ways without repeats or gaps', async () => {
    const everything = (await read('?limit=100')).items
    const logins = await read('?type=user.logged_in&limit=100')
    expect(logins.items.length).toBeGreaterThan(0)
    expect(logins.items).toEqual(everything.filter((entry) => entry.type === 'user.logged_in'))

    const hourAgo = new Date(Date.now() - 3_600_000).toISOString()
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString()
    expect((await read(`?from=${hourAgo}&to=${inAnHour}&limit=100`)).items).toEqual(everything)
    expect((await read(`?from=${inAnHour}`)).items).toEqual([])
    expect((await read(`?to=${hourAgo}`)).items).toEqual([])
    const middle = everything[Math.floor(everything.length / 2)]?.occurredAt ?? ''
    const before = (await read(`?to=${middle}&limit=100`)).items
    expect(before).toEqual(everything.filter((entry) => entry.occurredAt < middle))

    const ids = everything.map((entry) => entry.id)
    expect((await readAll('sort=-occurredAt')).map((entry) => entry.id)).toEqual(ids)
    const ascending = (await readAll('sort=occurredAt')).map((entry) => entry.id)
    expect(ascending).toEqual([...ids].reverse())
  })

  it('refuses bad input with 400 and field errors', async () => {
    const cases: [string, string][] = [
      ['?from=last-week', 'query.from'],
      ['?sort=type', 'query.sort'],
      ['?limit=101', 'query.limit'],
      [`?cursor=${Buffer.from('[1,"x"]').toString('base64url')}`, 'query.cursor'],
      ['?cursor=garbage', 'query.cursor'],
    ]
    for (const [query, path] of cases) {
      const response = await server.request('GET', `/api/admin/audit-log${query}`, {
        token: server.superAdmin.accessToken,
      })
      expect(response.status, query).toBe(400)
      const body = (await response.json()) as { code: string; errors: { path: string }[] }
      expect(body.code).toBe('INVALID_INPUT')
      expect(body.errors.map((error) => error.path)).toContain(path)
    }
  })

  it("is a tenant admin's own: each admin reads their tenant's entries, none of the other's", async () => {
    const asAdmin = async (side: typeof server.acme) =>
      read('?limit=100', { tenant: side.tenant, token: side.admin.accessToken })
    const acme = await asAdmin(server.acme)
    expect(acme.items.map((entry) => entry.id)).toEqual(
      await auditedEventIds(server.acme.tenant.id),
    )
    const globex = await asAdmin(server.globex)
    expect(globex.items.map((entry) => entry.id)).toEqual(
      await auditedEventIds(server.globex.tenant.id),
    )
    expect(globex.items.some((entry) => acme.items.some((mine) => mine.id === entry.id))).toBe(
      false,
    )
  })

  it('is refused to customers (403) and to anonymous callers (401)', async () => {
    const response = await server.request('GET', '/api/admin/audit-log', {
      token: server.acme.customer.accessToken,
    })
    expect(response.status).toBe(403)
    expect((await server.request('GET', '/api/admin/audit-log')).status).toBe(401)
  })
})
