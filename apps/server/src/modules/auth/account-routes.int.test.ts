import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
  type TestUser,
} from '../../testing/test-server.test-helper'

interface Problem {
  code: string
  errors?: { path: string; message: string }[]
}
interface SignedIn {
  user: { id: string; email: string; role: string; emailVerifiedAt: string | null }
  accessToken: string
  refreshToken: string
}

const json = <T>(response: Response): Promise<T> => response.json() as Promise<T>
const NEW_PASSWORD = 'a brand new passphrase'

describe('auth account routes', () => {
  let server: TestServer
  let user: TestUser
  let count = 0
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())
  // A fresh account per test: these flows change passwords and revoke sessions.
  beforeEach(async () => {
    count += 1
    const email = `user${count}@acme.test`
    const created = await server.services.users.register({
      tenantId: server.acme.tenant.id,
      email,
      password: TEST_PASSWORD,
    })
    if (!created.ok) throw new Error('setup')
    user = await server.signIn(server.acme.tenant, email, TEST_PASSWORD)
    server.mails.length = 0
  })
  const me = (token: string) => server.request('GET', '/api/auth/me', { token })

  it('GET /api/auth/me answers the caller, and 401 without or with a foreign token', async () => {
    const response = await me(user.accessToken)
    expect(response.status).toBe(200)
    const body = await json<Record<string, unknown>>(response)
    expect(body).toMatchObject({ id: user.id, email: user.email, role: 'customer' })
    expect(Object.keys(body).sort()).toEqual(
      [
        'createdAt',
        'email',
        'emailVerifiedAt',
        'id',
        'lastLoginAt',
        'name',
        'role',
        'status',
        'updatedAt',
      ].sort(),
    )
    expect((await server.request('GET', '/api/auth/me')).status).toBe(401)
    const cross = await server.request('GET', '/api/auth/me', {
      tenant: server.globex.tenant,
      token: user.accessToken,
    })
    expect(cross.status).toBe(401)
  })

  describe('POST /api/auth/change-password', () => {
    const change = (token: string, body: unknown) =>
      server.request('POST', '/api/auth/change-password', { token, body })

    it('refuses a wrong current password (400 on body.currentPassword) and a weak one', async () => {
      const wrong = await change(user.accessToken, {
        currentPassword: 'not my password',
        newPassword: NEW_PASSWORD,
      })
      expect(wrong.status).toBe(400)
      expect(await json<Problem>(wrong)).toMatchObject({
        errors: [{ path: 'body.currentPassword' }],
      })
      const weak = await change(user.accessToken, {
        currentPassword: TEST_PASSWORD,
        newPassword: 'short',
      })
      expect(await json<Problem>(weak)).toMatchObject({ errors: [{ path: 'body.newPassword' }] })
      expect((await change(user.accessToken, {})).status).toBe(400)
      const anonymous = await server.request('POST', '/api/auth/change-password', {
        body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
      })
      expect(anonymous.status).toBe(401)
    })

    it('changes the password, keeps this session and revokes the others', async () => {
      const other = await server.signIn(server.acme.tenant, user.email, TEST_PASSWORD)
      const response = await change(user.accessToken, {
        currentPassword: TEST_PASSWORD,
        newPassword: NEW_PASSWORD,
      })
      expect(response.status).toBe(204)
      expect((await me(user.accessToken)).status).toBe(200)
      expect((await me(other.accessToken)).status).toBe(401)
      const login = (password: string) =>
        server.request('POST', '/api/auth/login', { body: { email: user.email, password } })
      expect((await login(TEST_PASSWORD)).status).toBe(401)
      expect((await login(NEW_PASSWORD)).status).toBe(200)
    })
  })

  describe('password reset', () => {
    const request = (email: string) =>
      server.request('POST', '/api/auth/password-reset/request', { body: { email } })
    const confirm = (body: unknown) =>
      server.request('POST', '/api/auth/password-reset/confirm', { body })

    it('answers 202 for any e-mail, mailing a token only to an existing account', async () => {
      const unknown = await request('nobody@acme.test')
      expect(unknown.status).toBe(202)
      expect(server.mails).toEqual([])
      const known = await request(user.email.toUpperCase())
      expect(known.status).toBe(202)
      expect(await known.text()).toBe(await unknown.text())
      expect(server.mails).toEqual([
        expect.objectContaining({
          tenantId: server.acme.tenant.id,
          to: user.email,
          purpose: 'password-reset',
        }),
      ])
      expect((await request('not-an-email')).status).toBe(400)
    })

    it('sets a new password once with the mailed token and revokes every session', async () => {
      await request(user.email)
      const token = server.mails.at(-1)?.token ?? ''
      const weak = await confirm({ token, password: 'short' })
      expect(await json<Problem>(weak)).toMatchObject({ errors: [{ path: 'body.password' }] })
      expect((await confirm({ token, password: NEW_PASSWORD })).status).toBe(204)
      expect((await me(user.accessToken)).status).toBe(401)
      const again = await confirm({ token, password: NEW_PASSWORD })
      expect(again.status).toBe(400)
      expect(await json<Problem>(again)).toMatchObject({
        code: 'INVALID_INPUT',
        errors: [{ path: 'body.token' }],
      })
      const login = await server.request('POST', '/api/auth/login', {
        body: { email: user.email, password: NEW_PASSWORD },
      })
      expect(login.status).toBe(200)
    })

    it('refuses a token of another tenant or a made-up one (400)', async () => {
      await request(user.email)
      const token = server.mails.at(-1)?.token ?? ''
      const foreign = await server.request('POST', '/api/auth/password-reset/confirm', {
        tenant: server.globex.tenant,
        body: { token, password: NEW_PASSWORD },
      })
      expect(foreign.status).toBe(400)
      expect((await confirm({ token: 'made-up', password: NEW_PASSWORD })).status).toBe(400)
      expect((await me(user.accessToken)).status).toBe(200)
    })
  })

  describe('e-mail verification', () => {
    it('mails a token to the caller and verifies the address with it', async () => {
      const requested = await server.request('POST', '/api/auth/email-verification/request', {
        token: user.accessToken,
      })
      expect(requested.status).toBe(202)
      const mail = server.mails.at(-1)
      expect(mail).toMatchObject({ to: user.email, purpose: 'email-verification' })
      const confirm = (token: string) =>
        server.request('POST', '/api/auth/email-verification/confirm', { body: { token } })
      expect((await confirm('made-up')).status).toBe(400)
      expect((await confirm(mail?.token ?? '')).status).toBe(204)
      const body = await json<SignedIn['user']>(await me(user.accessToken))
      expect(body.emailVerifiedAt).not.toBeNull()
      const again = await server.request('POST', '/api/auth/email-verification/request', {
        token: user.accessToken,
      })
      expect(again.status).toBe(409)
    })

    it('needs a signed-in caller to request', async () => {
      const response = await server.request('POST', '/api/auth/email-verification/request')
      expect(response.status).toBe(401)
    })
  })

  describe('POST /api/auth/invite/accept', () => {
    const invite = async (email: string) => {
      const response = await server.request('POST', '/api/admin/users', {
        token: server.acme.admin.accessToken,
        body: { email, role: 'manager' },
      })
      expect(response.status).toBe(202)
      return server.mails.at(-1)?.token ?? ''
    }
    const accept = (body: unknown, tenant = server.acme.tenant) =>
      server.request('POST', '/api/auth/invite/accept', { tenant, body })

    it('creates the invited user with the invited role and signs them in (201)', async () => {
      const token = await invite(`invited${count}@acme.test`)
      expect(server.mails.at(-1)).toMatchObject({
        purpose: 'invite',
        to: `invited${count}@acme.test`,
      })
      expect((await accept({ token, password: NEW_PASSWORD }, server.globex.tenant)).status).toBe(
        400,
      )
      const weak = await accept({ token, password: 'short' })
      expect(await json<Problem>(weak)).toMatchObject({ errors: [{ path: 'body.password' }] })
      const response = await accept({ token, password: NEW_PASSWORD, name: 'Invited' })
      expect(response.status).toBe(201)
      const body = await json<SignedIn>(response)
      expect(body.user).toMatchObject({ email: `invited${count}@acme.test`, role: 'manager' })
      expect(body.user.emailVerifiedAt).not.toBeNull()
      expect((await me(body.accessToken)).status).toBe(200)
      const reused = await accept({ token, password: NEW_PASSWORD })
      expect(await json<Problem>(reused)).toMatchObject({ errors: [{ path: 'body.token' }] })
    })

    it('answers 409 when the e-mail registered after the invite was sent', async () => {
      const email = `raced${count}@acme.test`
      const token = await invite(email)
      await server.services.users.register({
        tenantId: server.acme.tenant.id,
        email,
        password: TEST_PASSWORD,
      })
      const response = await accept({ token, password: NEW_PASSWORD })
      expect(response.status).toBe(409)
    })
  })
})
