import type { EventEnvelope, EventHandler } from '@rustok/core-events'
import type { OutboxTables } from '@rustok/outbox'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'
import { createTestRelay, type TestRelay } from './test-relay.test-helper'

interface Letter {
  id: string
  tenantId: string
  type: string
  attempts: number
  lastError: string | null
  createdAt: string
  payload?: unknown
}
interface LetterPage {
  items: Letter[]
  nextCursor: string | null
}

describe('event operations: dead letters and outbox stats', () => {
  let server: TestServer
  let db: Kysely<OutboxTables>
  let relay: TestRelay
  let broken = true
  const delivered: EventEnvelope[] = []
  // A handler of user.registered that fails while `broken`: the sign-up mail of a mail outage.
  const mailer: EventHandler = {
    name: 'welcome-mail',
    types: ['user.registered'],
    handle: (envelope) => {
      if (broken) return Promise.reject(new Error('mail server down'))
      delivered.push(envelope)
      return Promise.resolve()
    },
  }

  beforeAll(async () => {
    server = await createTestServer()
    db = server.services.db as Kysely<OutboxTables>
    relay = createTestRelay({ services: server.services, handlers: [mailer] })
    // The fixture's five sign-ups (acme admin, customer, root; globex admin, customer) fail.
    await relay.drain()
  })
  afterAll(() => server.destroy())

  const root = () => server.superAdmin.accessToken
  const get = async (path: string, token = root()) => {
    const response = await server.request('GET', path, { token })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  const list = async (query = '') =>
    (await get(`/api/admin/events/dead-letters${query}`)).body as unknown as LetterPage
  const post = async (action: 'replay' | 'discard', body: unknown, token = root()) => {
    const response = await server.request('POST', `/api/admin/events/dead-letters/${action}`, {
      token,
      body,
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }
  const allPages = async (query: string): Promise<string[]> => {
    const ids: string[] = []
    let cursor: string | null = null
    do {
      const suffix: string = cursor === null ? '' : `&cursor=${cursor}`
      const page = await list(`?limit=2&${query}${suffix}`)
      expect(page.items.length).toBeLessThanOrEqual(2)
      ids.push(...page.items.map((item) => item.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    return ids
  }
  const failedIds = async (tenantId?: string): Promise<string[]> => {
    let query = db.selectFrom('sys_events').select('id').where('status', '=', 'failed')
    if (tenantId) query = query.where('tenant_id', '=', tenantId)
    return (await query.orderBy('seq').execute()).map((row) => row.id)
  }

  it('lists the dead letters of every tenant, newest first, with error and without payload', async () => {
    const { status, body } = await get('/api/admin/events/dead-letters')
    expect(status).toBe(200)
    const page = body as unknown as LetterPage
    expect(page.nextCursor).toBeNull()
    expect(page.items.map((item) => item.id)).toEqual((await failedIds()).reverse())
    expect(new Set(page.items.map((item) => item.tenantId))).toEqual(
      new Set([server.acme.tenant.id, server.globex.tenant.id]),
    )
    for (const item of page.items) {
      expect(item).toMatchObject({ type: 'user.registered', attempts: 1 })
      expect(item.lastError).toContain('mail server down')
      expect(item).not.toHaveProperty('payload')
    }
  })

  it('filters by tenant, type and creation time', async () => {
    const globex = await list(`?tenantId=${server.globex.tenant.id}`)
    expect(globex.items.map((item) => item.id)).toEqual(
      (await failedIds(server.globex.tenant.id)).reverse(),
    )
    expect(globex.items).toHaveLength(2)
    expect((await list('?type=user.registered')).items).toHaveLength(5)
    expect((await list('?type=tenant.created')).items).toEqual([])
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString()
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString()
    expect((await list(`?from=${hourAgo}&to=${inAnHour}`)).items).toHaveLength(5)
    expect((await list(`?from=${inAnHour}`)).items).toEqual([])
    expect((await list(`?to=${hourAgo}`)).items).toEqual([])
  })

  it('pages with cursors in both directions, without repeats or gaps', async () => {
    const oldestFirst = await failedIds()
    expect(await allPages('sort=createdAt')).toEqual(oldestFirst)
    expect(await allPages('sort=-createdAt')).toEqual([...oldestFirst].reverse())
  })

  it('shows one dead letter with its payload; any other id is 404', async () => {
    const [first] = (await list(`?tenantId=${server.globex.tenant.id}`)).items
    const { status, body } = await get(`/api/admin/events/dead-letters/${first?.id}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ id: first?.id, tenantId: server.globex.tenant.id })
    expect((body.payload as { email: string }).email).toMatch(/@globex\.test$/)

    const dispatched = await db
      .selectFrom('sys_events')
      .select('id')
      .where('status', '=', 'dispatched')
      .executeTakeFirstOrThrow()
    expect((await get(`/api/admin/events/dead-letters/${dispatched.id}`)).status).toBe(404)
    const unknown = '0190a000-0000-7000-8000-0000000000ff'
    expect((await get(`/api/admin/events/dead-letters/${unknown}`)).body.code).toBe('NOT_FOUND')
  })

  it('refuses bad input with 400 and field errors', async () => {
    const errorPaths = (body: Record<string, unknown>) =>
      (body.errors as { path: string }[]).map((error) => error.path)
    const cases: [string, string][] = [
      ['?tenantId=acme', 'query.tenantId'],
      ['?from=yesterday', 'query.from'],
      ['?to=2026-01-01T10:00', 'query.to'],
      ['?sort=-type', 'query.sort'],
      ['?limit=0', 'query.limit'],
      [`?cursor=${Buffer.from('["x","y"]').toString('base64url')}`, 'query.cursor'],
    ]
    for (const [query, path] of cases) {
      const { status, body } = await get(`/api/admin/events/dead-letters${query}`)
      expect(status, query).toBe(400)
      expect(body.code).toBe('INVALID_INPUT')
      expect(errorPaths(body)).toContain(path)
    }
    expect((await get('/api/admin/events/dead-letters/42')).status).toBe(400)

    const bodies: [unknown, string][] = [
      [{}, 'body'],
      [{ tipe: 'user.registered' }, 'body.tipe'],
      [{ ids: [] }, 'body.ids'],
      [{ ids: ['not-a-uuid'] }, 'body.ids.0'],
      [{ tenantId: 'acme' }, 'body.tenantId'],
    ]
    for (const [body, path] of bodies) {
      for (const action of ['replay', 'discard'] as const) {
        const answer = await post(action, body)
        expect(answer.status, JSON.stringify(body)).toBe(400)
        expect(errorPaths(answer.body)).toContain(path)
      }
    }
    // Nothing was replayed or discarded by the refused requests.
    expect(await failedIds()).toHaveLength(5)
  })

  it('is for the platform operator only: 403 for a tenant admin and a customer, 401 without a token', async () => {
    const paths = [
      ['GET', '/api/admin/events/dead-letters'],
      ['GET', `/api/admin/events/dead-letters/${(await failedIds())[0]}`],
      ['GET', '/api/admin/events/stats'],
      ['POST', '/api/admin/events/dead-letters/replay'],
      ['POST', '/api/admin/events/dead-letters/discard'],
    ] as const
    const body = { tenantId: server.acme.tenant.id }
    for (const [method, path] of paths) {
      const init = method === 'POST' ? { body } : {}
      const callers = [
        { tenant: server.acme.tenant, user: server.acme.admin },
        { tenant: server.globex.tenant, user: server.globex.admin },
        { tenant: server.acme.tenant, user: server.acme.customer },
      ]
      for (const { tenant, user } of callers) {
        const response = await server.request(method, path, {
          ...init,
          tenant,
          token: user.accessToken,
        })
        expect(response.status, `${user.email} ${method} ${path}`).toBe(403)
      }
      expect((await server.request(method, path, init)).status).toBe(401)
    }
    expect(await failedIds()).toHaveLength(5)
  })

  it('reports pending, failed and dispatched counts and the relay lag', async () => {
    const count = async (status: string) =>
      Number(
        (
          await db
            .selectFrom('sys_events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('status', '=', status as 'pending')
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await get('/api/admin/events/stats')
    expect(before.status).toBe(200)
    expect(before.body).toEqual({
      pending: 0,
      failed: 5,
      dispatched: await count('dispatched'),
      oldestPendingAgeMs: 0,
    })

    const registered = await server.services.users.register({
      tenantId: server.acme.tenant.id,
      email: 'late@acme.test',
      password: TEST_PASSWORD,
    })
    expect(registered.ok).toBe(true)
    const waiting = (await get('/api/admin/events/stats')).body
    expect(waiting).toMatchObject({ pending: 1, failed: 5 })
    expect(waiting.oldestPendingAgeMs).toBeGreaterThanOrEqual(0)

    broken = false
    await relay.drain()
    broken = true
    expect((await get('/api/admin/events/stats')).body).toMatchObject({
      pending: 0,
      failed: 5,
      dispatched: (before.body.dispatched as number) + 1,
    })
  })

  it('replays chosen dead letters: delivered once the handler works, gone from the list', async () => {
    const [chosen, ...others] = await failedIds(server.acme.tenant.id)
    broken = false
    delivered.length = 0
    expect(await post('replay', { ids: [chosen] })).toEqual({ status: 200, body: { replayed: 1 } })
    await relay.drain()
    broken = true
    expect(delivered.map((event) => event.id)).toEqual([chosen])
    expect((await get(`/api/admin/events/dead-letters/${chosen}`)).status).toBe(404)
    expect(others).toHaveLength(2)
    expect(await failedIds(server.acme.tenant.id)).toEqual(others)
    // A replayed id is no dead letter any more: replaying it again does nothing.
    expect((await post('replay', { ids: [chosen] })).body).toEqual({ replayed: 0 })
  })

  it("replays by tenant and type, leaving other tenants' dead letters alone", async () => {
    broken = false
    delivered.length = 0
    const answer = await post('replay', {
      tenantId: server.globex.tenant.id,
      type: 'user.registered',
    })
    expect(answer.body).toEqual({ replayed: 2 })
    await relay.drain()
    broken = true
    expect(delivered.every((event) => event.tenantId === server.globex.tenant.id)).toBe(true)
    expect(delivered).toHaveLength(2)
    expect((await list(`?tenantId=${server.globex.tenant.id}`)).items).toEqual([])
    expect(await failedIds(server.acme.tenant.id)).toHaveLength(2)
  })

  it('discards dead letters for good, and only dead letters', async () => {
    const acmeLetters = await failedIds(server.acme.tenant.id)
    const dispatched = await db
      .selectFrom('sys_events')
      .select('id')
      .where('status', '=', 'dispatched')
      .executeTakeFirstOrThrow()
    expect((await post('discard', { ids: [dispatched.id] })).body).toEqual({ discarded: 0 })
    expect((await post('discard', { tenantId: server.acme.tenant.id })).body).toEqual({
      discarded: 2,
    })
    expect((await list()).items).toEqual([])
    const left = await db
      .selectFrom('sys_events')
      .select('id')
      .where('id', 'in', [...acmeLetters, dispatched.id])
      .execute()
    expect(left).toEqual([{ id: dispatched.id }])
  })
})
