import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'

interface Problem {
  code: string
  errors?: { path: string; message: string }[]
}
interface SignedIn {
  user: Record<string, unknown>
  accessToken: string
  refreshToken: string
  tokenType: string
  expiresIn: number
}
interface SessionItem {
  id: string
  current: boolean
}

const json = <T>(response: Response): Promise<T> => response.json() as Promise<T>
const NEW_PASSWORD = 'a long enough passphrase'

describe('auth session routes', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  const login = (email: string, password: string, tenant?: string) =>
    server.request('POST', '/api/auth/login', {
      body: { email, password },
      ...(tenant ? { tenant } : {}),
    })

  describe('POST /api/auth/register', () => {
    it('creates a customer and signs them in (201), without a password hash', async () => {
      const response = await server.request('POST', '/api/auth/register', {
        body: { email: ' New@Example.com ', password: NEW_PASSWORD, name: 'New' },
      })
      expect(response.status).toBe(201)
      const body = await json<SignedIn>(response)
      expect(body.user).toMatchObject({
        email: 'new@example.com',
        name: 'New',
        role: 'customer',
        status: 'active',
        emailVerifiedAt: null,
      })
      expect(body.user.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/)
      expect(JSON.stringify(body)).not.toMatch(/argon2|password/i)
      expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 })
      const me = await server.request('GET', '/api/auth/me', { token: body.accessToken })
      expect(await json<{ email: string }>(me)).toMatchObject({ email: 'new@example.com' })
    })

    it('answers 409 for an e-mail taken in any case, but not in another tenant', async () => {
      const taken = await server.request('POST', '/api/auth/register', {
        body: { email: 'CUSTOMER@acme.test', password: NEW_PASSWORD },
      })
      expect(taken.status).toBe(409)
      expect(await json<Problem>(taken)).toMatchObject({ code: 'CONFLICT' })
      const elsewhere = await server.request('POST', '/api/auth/register', {
        tenant: server.globex.tenant,
        body: { email: 'customer@acme.test', password: NEW_PASSWORD },
      })
      expect(elsewhere.status).toBe(201)
    })

    it('refuses a weak password and bad fields with 400 and field paths', async () => {
      const weak = await server.request('POST', '/api/auth/register', {
        body: { email: 'weak@example.com', password: 'short' },
      })
      expect(weak.status).toBe(400)
      expect(await json<Problem>(weak)).toMatchObject({
        code: 'INVALID_INPUT',
        errors: [{ path: 'body.password', message: 'Expected at least 12 characters' }],
      })
      const bad = await server.request('POST', '/api/auth/register', {
        body: { email: 'not-an-email', name: 5 },
      })
      const paths = (await json<Problem>(bad)).errors?.map((error) => error.path)
      expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password', 'body.name']))
    })

    it('needs a tenant', async () => {
      const response = await server.request('POST', '/api/auth/register', {
        tenant: null,
        body: { email: 'x@example.com', password: NEW_PASSWORD },
      })
      expect(response.status).toBe(400)
    })
  })

  describe('POST /api/auth/login', () => {
    it('signs in with the right password', async () => {
      const response = await login('customer@acme.test', TEST_PASSWORD)
      expect(response.status).toBe(200)
      const body = await json<SignedIn>(response)
      expect(body.user).toMatchObject({ email: 'customer@acme.test', role: 'customer' })
      expect(body.user.lastLoginAt).not.toBeNull()
    })

    it('answers a wrong password and an unknown user with the same 401', async () => {
      const wrong = await login('admin@acme.test', 'not the password!')
      const unknown = await login('nobody@acme.test', 'not the password!')
      expect([wrong.status, unknown.status]).toEqual([401, 401])
      const strip = ({ instance: _i, traceId: _t, ...rest }: Record<string, unknown>) => rest
      expect(strip(await json(wrong))).toEqual(strip(await json(unknown)))
    })

    it('a user of another tenant cannot sign in here', async () => {
      expect((await login('admin@globex.test', TEST_PASSWORD)).status).toBe(401)
    })

    it('throttles an account after repeated failures: 429 with Retry-After', async () => {
      await server.services.users.register({
        tenantId: server.acme.tenant.id,
        email: 'target@acme.test',
        password: TEST_PASSWORD,
      })
      for (let i = 0; i < 5; i += 1) {
        expect((await login('target@acme.test', 'wrong password!!')).status).toBe(401)
      }
      const throttled = await login('target@acme.test', TEST_PASSWORD)
      expect(throttled.status).toBe(429)
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await json<Problem>(throttled)).toMatchObject({ code: 'RATE_LIMITED' })
    })

    it('refuses a disabled account with 403 after the right password', async () => {
      const created = await server.services.users.register({
        tenantId: server.acme.tenant.id,
        email: 'disabled@acme.test',
        password: TEST_PASSWORD,
      })
      if (!created.ok) throw new Error('setup')
      await server.services.users.disable({
        tenantId: server.acme.tenant.id,
        userId: created.user.id,
      })
      expect((await login('disabled@acme.test', TEST_PASSWORD)).status).toBe(403)
      expect((await login('disabled@acme.test', 'wrong password!!')).status).toBe(401)
    })
  })

  describe('refresh and logout', () => {
    it('rotates the refresh token; a reused one revokes the session (401 TOKEN_REUSED)', async () => {
      const first = await json<SignedIn>(await login('customer@acme.test', TEST_PASSWORD))
      const refreshed = await server.request('POST', '/api/auth/refresh', {
        body: { refreshToken: first.refreshToken },
      })
      expect(refreshed.status).toBe(200)
      const second = await json<SignedIn>(refreshed)
      expect(second.refreshToken).not.toBe(first.refreshToken)
      expect(second).not.toHaveProperty('user')
      const meOk = await server.request('GET', '/api/auth/me', { token: second.accessToken })
      expect(meOk.status).toBe(200)

      const reused = await server.request('POST', '/api/auth/refresh', {
        body: { refreshToken: first.refreshToken },
      })
      expect(reused.status).toBe(401)
      expect(await json<Problem>(reused)).toMatchObject({ code: 'TOKEN_REUSED' })
      const after = await server.request('POST', '/api/auth/refresh', {
        body: { refreshToken: second.refreshToken },
      })
      expect(await json<Problem>(after)).toMatchObject({ code: 'UNAUTHORIZED' })
      const meGone = await server.request('GET', '/api/auth/me', { token: second.accessToken })
      expect(meGone.status).toBe(401)
    })

    it('refuses a refresh token of another tenant and a missing one', async () => {
      const acme = await json<SignedIn>(await login('customer@acme.test', TEST_PASSWORD))
      const foreign = await server.request('POST', '/api/auth/refresh', {
        tenant: server.globex.tenant,
        body: { refreshToken: acme.refreshToken },
      })
      expect(foreign.status).toBe(401)
      const missing = await server.request('POST', '/api/auth/refresh', { body: {} })
      expect(await json<Problem>(missing)).toMatchObject({
        code: 'INVALID_INPUT',
        errors: [{ path: 'body.refreshToken' }],
      })
    })

    it('logs out with 204, after which neither token works', async () => {
      const session = await json<SignedIn>(await login('customer@acme.test', TEST_PASSWORD))
      const body = { refreshToken: session.refreshToken }
      expect((await server.request('POST', '/api/auth/logout', { body })).status).toBe(204)
      expect((await server.request('POST', '/api/auth/logout', { body })).status).toBe(204)
      expect((await server.request('POST', '/api/auth/refresh', { body })).status).toBe(401)
      const me = await server.request('GET', '/api/auth/me', { token: session.accessToken })
      expect(me.status).toBe(401)
    })
  })

  describe('own sessions', () => {
    const signIn = () => server.signIn(server.acme.tenant, 'manager@acme.test', TEST_PASSWORD)
    const listAs = async (token: string) => {
      const response = await server.request('GET', '/api/auth/sessions', { token })
      expect(response.status).toBe(200)
      return (await json<{ items: SessionItem[] }>(response)).items
    }
    beforeAll(async () => {
      await server.services.users.register({
        tenantId: server.acme.tenant.id,
        email: 'manager@acme.test',
        password: TEST_PASSWORD,
        role: 'manager',
      })
    })

    it('lists live sessions with the current one flagged, also after a refresh', async () => {
      const a = await signIn()
      const b = await signIn()
      const items = await listAs(a.accessToken)
      expect(items.filter((item) => item.current).map((item) => item.id)).toEqual([a.sessionId])
      expect(items.map((item) => item.id)).toEqual(
        expect.arrayContaining([a.sessionId, b.sessionId]),
      )

      const rotated = await server.request('POST', '/api/auth/refresh', {
        body: { refreshToken: b.refreshToken },
      })
      const { accessToken } = await json<SignedIn>(rotated)
      const current = (await listAs(accessToken)).find((item) => item.current)
      // The id shown stays the same across refreshes (the session family).
      expect(current?.id).toBe(b.sessionId)
    })

    it('revokes one own session (204); unknown or foreign ids are 404', async () => {
      const a = await signIn()
      const b = await signIn()
      const other = server.acme.customer
      const foreign = await server.request('DELETE', `/api/auth/sessions/${other.sessionId}`, {
        token: a.accessToken,
      })
      expect(foreign.status).toBe(404)
      const unknown = await server.request('DELETE', `/api/auth/sessions/${crypto.randomUUID()}`, {
        token: a.accessToken,
      })
      expect(unknown.status).toBe(404)
      const bad = await server.request('DELETE', '/api/auth/sessions/nope', {
        token: a.accessToken,
      })
      expect(await json<Problem>(bad)).toMatchObject({ errors: [{ path: 'params.id' }] })

      const revoked = await server.request('DELETE', `/api/auth/sessions/${b.sessionId}`, {
        token: a.accessToken,
      })
      expect(revoked.status).toBe(204)
      expect((await server.request('GET', '/api/auth/me', { token: b.accessToken })).status).toBe(
        401,
      )
      expect(
        (await server.request('GET', '/api/auth/me', { token: other.accessToken })).status,
      ).toBe(200)
    })

    it('revokes every other session and reports how many', async () => {
      const a = await signIn()
      const b = await signIn()
      const before = (await listAs(a.accessToken)).length
      const response = await server.request('POST', '/api/auth/sessions/revoke-others', {
        token: a.accessToken,
      })
      expect(await json(response)).toEqual({ revoked: before - 1 })
      expect((await server.request('GET', '/api/auth/me', { token: b.accessToken })).status).toBe(
        401,
      )
      expect((await listAs(a.accessToken)).map((item) => item.id)).toEqual([a.sessionId])
    })

    it('needs a token bound to the request tenant', async () => {
      expect((await server.request('GET', '/api/auth/sessions')).status).toBe(401)
      const cross = await server.request('GET', '/api/auth/sessions', {
        tenant: server.globex.tenant,
        token: server.acme.customer.accessToken,
      })
      expect(cross.status).toBe(401)
      const revokeCross = await server.request('POST', '/api/auth/sessions/revoke-others', {
        tenant: server.globex.tenant,
        token: server.acme.customer.accessToken,
      })
      expect(revokeCross.status).toBe(401)
    })
  })
})
