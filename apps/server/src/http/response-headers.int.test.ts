import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../testing/test-server.test-helper'

describe('the HTTP contract of every response: nosniff, caching, 405', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  it('answers a wrong method on a known path with 405, Allow and METHOD_NOT_ALLOWED', async () => {
    const tenants = await server.request('DELETE', '/api/admin/tenants', {
      token: server.superAdmin.accessToken,
    })
    expect(tenants.status).toBe(405)
    expect(tenants.headers.get('allow')).toBe('GET, HEAD, POST')
    expect(tenants.headers.get('content-type')).toBe('application/problem+json')
    expect(await tenants.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' })
    const user = await server.request('PUT', `/api/admin/users/${server.acme.customer.id}`)
    expect(user.status).toBe(405)
    expect(user.headers.get('allow')).toBe('GET, HEAD, PATCH')
    const login = await server.request('GET', '/api/auth/login')
    expect(login.status).toBe(405)
    expect(login.headers.get('allow')).toBe('POST')
    const unknown = await server.request('GET', '/api/nothing-here')
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('allow')).toBeNull()
  })

  it('sends X-Content-Type-Options: nosniff on every response: success, refusal, 404, ops', async () => {
    const responses = [
      await server.request('GET', '/api/auth/me', { token: server.acme.admin.accessToken }),
      await server.request('GET', '/api/auth/me'),
      await server.request('GET', '/api/nothing-here'),
      await server.request('POST', '/api/auth/login', { body: [] }),
      await server.request('GET', '/health/live', { tenant: null }),
      await server.request('GET', '/openapi.json', { tenant: null }),
    ]
    expect(responses.map((res) => res.status)).toEqual([200, 401, 404, 400, 200, 200])
    for (const res of responses) expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('sends Cache-Control: no-store on every answer that carries tokens', async () => {
    const { acme } = server
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: acme.admin.email, password: TEST_PASSWORD },
    })
    expect(login.status).toBe(200)
    const { refreshToken } = (await login.json()) as { refreshToken: string }
    const refresh = await server.request('POST', '/api/auth/refresh', { body: { refreshToken } })
    expect(refresh.status).toBe(200)
    const register = await server.request('POST', '/api/auth/register', {
      body: { email: 'new@acme.test', password: TEST_PASSWORD },
    })
    expect(register.status).toBe(201)
    const invited = await server.request('POST', '/api/admin/users', {
      token: acme.admin.accessToken,
      body: { email: 'invitee@acme.test', role: 'customer' },
    })
    expect(invited.status).toBe(202)
    const token = server.mails.at(-1)?.token ?? ''
    const accept = await server.request('POST', '/api/auth/invite/accept', {
      body: { token, password: TEST_PASSWORD },
    })
    expect(accept.status).toBe(201)
    const failed = await server.request('POST', '/api/auth/login', {
      body: { email: acme.admin.email, password: 'wrong password, sure' },
    })
    expect(failed.status).toBe(401)
    for (const res of [login, refresh, register, accept, failed]) {
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('sends Cache-Control: private on signed-in reads, and none on public ones', async () => {
    const me = await server.request('GET', '/api/auth/me', { token: server.acme.admin.accessToken })
    expect(me.headers.get('cache-control')).toBe('private')
    const users = await server.request('GET', '/api/admin/users', {
      token: server.acme.admin.accessToken,
    })
    expect(users.headers.get('cache-control')).toBe('private')
    const live = await server.request('GET', '/health/live', { tenant: null })
    expect(live.headers.get('cache-control')).not.toBe('private')
  })
})
