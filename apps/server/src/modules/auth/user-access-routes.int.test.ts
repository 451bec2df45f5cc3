import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'

interface Problem {
  code: string
  errors?: { path: string; message: string }[]
}

const json = <T>(response: Response): Promise<T> => response.json() as Promise<T>

describe('user status and role routes', () => {
  let server: TestServer
  let admin: string
  beforeAll(async () => {
    server = await createTestServer()
    admin = server.acme.admin.accessToken
  })
  afterAll(() => server.destroy())

  const as = (token: string) => ({
    send: (method: string, path: string, body?: unknown) =>
      server.request(method, path, { token, body }),
  })
  const fresh = async (email: string, role = 'customer') => {
    const created = await server.services.users.register({
      tenantId: server.acme.tenant.id,
      email,
      password: TEST_PASSWORD,
      role,
    })
    if (!created.ok) throw new Error('setup')
    return server.signIn(server.acme.tenant, email, TEST_PASSWORD)
  }
  const me = (token: string) => server.request('GET', '/api/auth/me', { token })

  it('disables a user (sessions revoked, no sign-in) and enables them again', async () => {
    const user = await fresh('toggle@acme.test')
    const disabled = await as(admin).send('POST', `/api/admin/users/${user.id}/disable`)
    expect(await json(disabled)).toMatchObject({ id: user.id, status: 'inactive' })
    expect((await me(user.accessToken)).status).toBe(401)
    const login = () =>
      server.request('POST', '/api/auth/login', {
        body: { email: 'toggle@acme.test', password: TEST_PASSWORD },
      })
    expect((await login()).status).toBe(403)
    const enabled = await as(admin).send('POST', `/api/admin/users/${user.id}/enable`)
    expect(await json(enabled)).toMatchObject({ status: 'active' })
    expect((await login()).status).toBe(200)
  })

  it('is forbidden to a customer and needs a token', async () => {
    const target = server.acme.admin.id
    const customer = as(server.acme.customer.accessToken)
    expect((await customer.send('POST', `/api/admin/users/${target}/disable`)).status).toBe(403)
    const role = await customer.send('PUT', `/api/admin/users/${server.acme.customer.id}/role`, {
      role: 'admin',
    })
    expect(role.status).toBe(403)
    expect((await server.request('POST', `/api/admin/users/${target}/enable`)).status).toBe(401)
  })

  it('refuses to disable or re-role oneself (422)', async () => {
    const self = server.acme.admin.id
    expect((await as(admin).send('POST', `/api/admin/users/${self}/disable`)).status).toBe(422)
    const role = await as(admin).send('PUT', `/api/admin/users/${self}/role`, {
      role: 'customer',
    })
    expect(role.status).toBe(422)
    expect(await json<Problem>(role)).toMatchObject({ code: 'UNPROCESSABLE' })
  })

  it('changes a role and revokes the user’s sessions', async () => {
    const user = await fresh('promote@acme.test')
    const response = await as(admin).send('PUT', `/api/admin/users/${user.id}/role`, {
      role: 'manager',
    })
    expect(await json(response)).toMatchObject({ role: 'manager' })
    expect((await me(user.accessToken)).status).toBe(401)
    const unknown = await as(admin).send('PUT', `/api/admin/users/${user.id}/role`, {
      role: 'wizard',
    })
    expect(await json<Problem>(unknown)).toMatchObject({ errors: [{ path: 'body.role' }] })
  })

  it('keeps an admin away from super_admin: no promotion, no edits of one', async () => {
    const user = await fresh('climber@acme.test')
    const promote = await as(admin).send('PUT', `/api/admin/users/${user.id}/role`, {
      role: 'super_admin',
    })
    expect(promote.status).toBe(403)
    const root = server.superAdmin.id
    const actions = [
      as(admin).send('PATCH', `/api/admin/users/${root}`, { email: 'mine@acme.test' }),
      as(admin).send('POST', `/api/admin/users/${root}/disable`),
      as(admin).send('PUT', `/api/admin/users/${root}/role`, { role: 'customer' }),
    ]
    for (const response of await Promise.all(actions)) expect(response.status).toBe(403)
    expect((await me(server.superAdmin.accessToken)).status).toBe(200)
    const byRoot = await as(server.superAdmin.accessToken).send(
      'PUT',
      `/api/admin/users/${user.id}/role`,
      { role: 'super_admin' },
    )
    expect(await json(byRoot)).toMatchObject({ role: 'super_admin' })
  })

  // The route checks the target's role, then writes in another transaction: the write checks the
  // role again on the locked row, so a promotion that lands in between cannot be overtaken.
  it.each([
    { action: 'disable', method: 'POST', body: undefined },
    { action: 'enable', method: 'POST', body: undefined },
    { action: 'role', method: 'PUT', body: { role: 'customer' } },
    { action: '', method: 'PATCH', body: { name: 'Taken over' } },
  ] as const)(
    'refuses (403) when the target is made super_admin between the check and the change: $method $action',
    async ({ action, method, body }) => {
      const user = await fresh(`promoted-${action || 'edit'}@acme.test`, 'manager')
      const { users } = server.services
      const lookup = users.get.bind(users)
      vi.spyOn(users, 'get').mockImplementationOnce(async (tenantId, userId) => {
        const seen = await lookup(tenantId, userId)
        const promoted = await users.assignRole({ tenantId, userId, role: 'super_admin' })
        expect(promoted.ok).toBe(true)
        return seen
      })
      const path = `/api/admin/users/${user.id}${action ? `/${action}` : ''}`
      const response = await as(admin).send(method, path, body)
      expect(response.status).toBe(403)
      expect(await json<Problem>(response)).toMatchObject({ code: 'FORBIDDEN' })
      expect(await users.get(server.acme.tenant.id, user.id)).toMatchObject({
        role: 'super_admin',
        status: 'active',
        name: null,
      })
    },
  )

  it('records the actor, the server’s request id and the trace on the events it writes', async () => {
    const user = await fresh('audited@acme.test')
    // A UUID the caller chose: it must not become the events' correlation id.
    const requestId = crypto.randomUUID()
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    const response = await server.request('POST', `/api/admin/users/${user.id}/disable`, {
      token: admin,
      headers: {
        'x-request-id': requestId,
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-request-id')).toBe(requestId)
    const { rows } = await sql<{
      type: string
      actor_id: string
      correlation_id: string
      trace_id: string
    }>`
      select type, actor_id, correlation_id, trace_id from sys_events
      where aggregate_id = ${user.id} and type in ('user.updated', 'auth.session_revoked')
    `.execute(server.services.db)
    expect(rows.map((row) => row.type).sort()).toEqual(['auth.session_revoked', 'user.updated'])
    const [correlation] = new Set(rows.map((row) => row.correlation_id))
    expect(new Set(rows.map((row) => row.correlation_id)).size).toBe(1)
    expect(correlation).toMatch(/^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/)
    expect(correlation).not.toBe(requestId)
    for (const row of rows) {
      expect(row).toMatchObject({ actor_id: server.acme.admin.id, trace_id: traceId })
    }
  })
})
