import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config/load-config'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'

interface Invite {
  expiresAt: string
  token?: string
}

/** The operator creates a tenant over HTTP and invites its first admin. */
async function newTenantInvite(server: TestServer, slug: string) {
  const token = server.superAdmin.accessToken
  const created = await server.request('POST', '/api/admin/tenants', {
    token,
    body: { slug, name: slug },
  })
  expect(created.status).toBe(201)
  const tenant = (await created.json()) as { id: string }
  const invited = await server.request('POST', `/api/admin/tenants/${tenant.id}/invites`, {
    token,
    body: { email: `first-admin@${slug}.test`, role: 'admin' },
  })
  expect(invited.status).toBe(201)
  return { tenant, invited, invite: (await invited.json()) as Invite }
}

describe("a new tenant's first admin, over HTTP alone", () => {
  let byMail: TestServer
  let byHttp: TestServer
  beforeAll(async () => {
    byMail = await createTestServer()
    byHttp = await createTestServer({ config: { auth: { inviteTokenInResponse: true } } })
  })
  afterAll(async () => {
    await byMail.destroy()
    await byHttp.destroy()
  })

  it('by default mails the token and never answers with it', async () => {
    const { invite } = await newTenantInvite(byMail, 'mailed')
    expect(Object.keys(invite)).toEqual(['expiresAt'])
    expect(byMail.mails.at(-1)).toMatchObject({ purpose: 'invite', to: 'first-admin@mailed.test' })
  })

  it('with INVITE_TOKEN_IN_RESPONSE, answers the operator with the token, which makes the admin', async () => {
    const { tenant, invited, invite } = await newTenantInvite(byHttp, 'answered')
    expect(invited.headers.get('cache-control')).toBe('no-store')
    // The mail still goes out, with the same token.
    expect(invite.token).toBe(byHttp.mails.at(-1)?.token)
    const accepted = await byHttp.request('POST', '/api/auth/invite/accept', {
      tenant: tenant.id,
      body: { token: invite.token, password: TEST_PASSWORD, name: 'First Admin' },
    })
    expect(accepted.status).toBe(201)
    const signedIn = (await accepted.json()) as { accessToken: string; user: { role: string } }
    expect(signedIn.user.role).toBe('admin')
    const users = await byHttp.request('GET', '/api/admin/users', {
      tenant: tenant.id,
      token: signedIn.accessToken,
    })
    expect(users.status).toBe(200)
  })

  it('still refuses the route to tenant admins, whatever the setting', async () => {
    const refused = await byHttp.request(
      'POST',
      `/api/admin/tenants/${byHttp.globex.tenant.id}/invites`,
      { token: byHttp.acme.admin.accessToken, body: { email: 'x@globex.test', role: 'admin' } },
    )
    expect(refused.status).toBe(403)
  })

  it('reads the setting from INVITE_TOKEN_IN_RESPONSE, off unless set', () => {
    const base = { argv: [], cwd: '/srv', readFile: () => '' }
    const secret = { JWT_SECRET: 'x'.repeat(40) }
    expect(loadConfig({ ...base, env: secret }).auth.inviteTokenInResponse).toBe(false)
    const on = loadConfig({ ...base, env: { ...secret, INVITE_TOKEN_IN_RESPONSE: 'true' } })
    expect(on.auth.inviteTokenInResponse).toBe(true)
  })
})
