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
interface UserItem {
  id: string
  email: string
  name: string | null
  role: string
  status: string
  createdAt: string
}
interface Page {
  items: UserItem[]
  nextCursor: string | null
}

const json = <T>(response: Response): Promise<T> => response.json() as Promise<T>
const PASSWORD = 'an admin-chosen passphrase'

describe('user administration routes', () => {
  let server: TestServer
  let admin: string
  beforeAll(async () => {
    server = await createTestServer()
    admin = server.acme.admin.accessToken
    // Five more acme users to page, filter and search through.
    const people = [
      { email: 'ann.smith@acme.test', name: 'Ann Smith', role: 'manager' },
      { email: 'bob@acme.test', name: 'Bob', role: 'customer' },
      { email: 'carol@acme.test', name: 'Carol SMITH', role: 'customer' },
      { email: 'dan@acme.test', name: null, role: 'manager' },
      { email: 'erin@acme.test', name: 'Erin', role: 'customer' },
    ]
    for (const person of people) {
      await server.services.users.register({
        tenantId: server.acme.tenant.id,
        email: person.email,
        password: TEST_PASSWORD,
        name: person.name ?? undefined,
        role: person.role,
      })
    }
  })
  afterAll(() => server.destroy())

  const as = (token: string) => ({
    get: (path: string) => server.request('GET', path, { token }),
    send: (method: string, path: string, body?: unknown) =>
      server.request(method, path, { token, body }),
  })
  const list = async (query: string) => {
    const response = await as(admin).get(`/api/admin/users${query}`)
    expect(response.status).toBe(200)
    return json<Page>(response)
  }
  const create = (body: unknown, token = admin) => as(token).send('POST', '/api/admin/users', body)

  describe('GET /api/admin/users', () => {
    it('pages through the tenant only, newest first, with nextCursor', async () => {
      const seen: string[] = []
      const created: string[] = []
      let cursor: string | null = ''
      let pages = 0
      while (cursor !== null) {
        const page = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        seen.push(...page.items.map((item) => item.email))
        created.push(...page.items.map((item) => item.createdAt))
        cursor = page.nextCursor
        pages += 1
      }
      expect(pages).toBeGreaterThan(2)
      expect(new Set(seen).size).toBe(seen.length)
      expect(seen).toContain('admin@acme.test')
      expect(seen).toContain('root@acme.test')
      expect(seen.some((email) => email.endsWith('@globex.test'))).toBe(false)
      expect(created).toEqual([...created].sort().reverse())
    })

    it('sorts by e-mail and filters by role, status and a case-insensitive q', async () => {
      const sorted = await list('?sort=email&limit=3')
      expect(sorted.items.map((item) => item.email)).toEqual([
        'admin@acme.test',
        'ann.smith@acme.test',
        'bob@acme.test',
      ])
      const next = await list(`?sort=email&limit=3&cursor=${sorted.nextCursor ?? ''}`)
      expect(next.items[0]?.email).toBe('carol@acme.test')
      const emails = async (query: string) =>
        (await list(query)).items.map((item) => item.email).sort()
      expect(await emails('?role=manager')).toEqual(['ann.smith@acme.test', 'dan@acme.test'])
      expect(await emails('?q=smith')).toEqual(['ann.smith@acme.test', 'carol@acme.test'])
      expect(await emails('?q=BOB@ACME')).toEqual(['bob@acme.test'])
      expect(await emails('?status=banned')).toEqual([])
    })

    it('refuses bad query parameters with field paths', async () => {
      const response = await as(admin).get('/api/admin/users?limit=0&sort=name&status=gone')
      expect(response.status).toBe(400)
      const paths = (await json<Problem>(response)).errors?.map((error) => error.path)
      expect(paths).toEqual(expect.arrayContaining(['query.limit', 'query.sort', 'query.status']))
      const emailCursor = (await list('?sort=email&limit=1')).nextCursor ?? ''
      const mismatch = await as(admin).get(`/api/admin/users?cursor=${emailCursor}`)
      expect(await json<Problem>(mismatch)).toMatchObject({ errors: [{ path: 'query.cursor' }] })
    })

    it('is forbidden to a customer and needs a token', async () => {
      const customer = await as(server.acme.customer.accessToken).get('/api/admin/users')
      expect(customer.status).toBe(403)
      expect((await server.request('GET', '/api/admin/users')).status).toBe(401)
      const cross = await server.request('GET', '/api/admin/users', {
        tenant: server.globex.tenant,
        token: admin,
      })
      expect(cross.status).toBe(401)
    })
  })

  describe('one user', () => {
    it('reads a user of the tenant; another tenant’s user id is 404', async () => {
      const own = await as(admin).get(`/api/admin/users/${server.acme.customer.id}`)
      expect(await json(own)).toMatchObject({ email: 'customer@acme.test' })
      const foreignId = server.globex.customer.id
      expect((await as(admin).get(`/api/admin/users/${foreignId}`)).status).toBe(404)
      const paths = ['disable', 'enable'].map((action) => `/api/admin/users/${foreignId}/${action}`)
      for (const path of paths) expect((await as(admin).send('POST', path)).status).toBe(404)
      const patch = await as(admin).send('PATCH', `/api/admin/users/${foreignId}`, { name: 'X' })
      expect(patch.status).toBe(404)
      const role = await as(admin).send('PUT', `/api/admin/users/${foreignId}/role`, {
        role: 'customer',
      })
      expect(role.status).toBe(404)
      const bad = await as(admin).get('/api/admin/users/not-a-uuid')
      expect(await json<Problem>(bad)).toMatchObject({ errors: [{ path: 'params.id' }] })
    })

    it('changes name and e-mail; a taken e-mail is 409', async () => {
      const id = server.acme.customer.id
      const response = await as(admin).send('PATCH', `/api/admin/users/${id}`, {
        name: 'Renamed',
        email: 'Renamed@Acme.test',
      })
      expect(await json(response)).toMatchObject({ name: 'Renamed', email: 'renamed@acme.test' })
      const taken = await as(admin).send('PATCH', `/api/admin/users/${id}`, {
        email: 'bob@acme.test',
      })
      expect(taken.status).toBe(409)
      const cleared = await as(admin).send('PATCH', `/api/admin/users/${id}`, { name: null })
      expect(await json(cleared)).toMatchObject({ name: null })
    })
  })

  describe('POST /api/admin/users', () => {
    it('creates a user with a password (201), and refuses a duplicate (409)', async () => {
      const response = await create({ email: 'new@acme.test', password: PASSWORD, role: 'manager' })
      expect(response.status).toBe(201)
      expect(await json(response)).toMatchObject({ email: 'new@acme.test', role: 'manager' })
      const login = await server.request('POST', '/api/auth/login', {
        body: { email: 'new@acme.test', password: PASSWORD },
      })
      expect(login.status).toBe(200)
      const again = await create({ email: 'NEW@acme.test', password: PASSWORD, role: 'customer' })
      expect(again.status).toBe(409)
    })

    it('mails an invite instead when no password is given (202)', async () => {
      const response = await create({ email: 'invitee@acme.test', role: 'customer' })
      expect(response.status).toBe(202)
      expect(await json(response)).toMatchObject({ email: 'invitee@acme.test', role: 'customer' })
      expect(server.mails.at(-1)).toMatchObject({
        tenantId: server.acme.tenant.id,
        to: 'invitee@acme.test',
        purpose: 'invite',
      })
      const taken = await create({ email: 'bob@acme.test', role: 'customer' })
      expect(taken.status).toBe(409)
    })

    it('validates the body with field paths', async () => {
      const weak = await create({ email: 'weak@acme.test', password: 'short', role: 'customer' })
      expect(await json<Problem>(weak)).toMatchObject({ errors: [{ path: 'body.password' }] })
      const unknown = await create({ email: 'x@acme.test', role: 'wizard' })
      expect(await json<Problem>(unknown)).toMatchObject({ errors: [{ path: 'body.role' }] })
      const bad = await create({ email: 'nope', role: 'Not A Role' })
      const paths = (await json<Problem>(bad)).errors?.map((error) => error.path)
      expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.role']))
    })

    it('lets nobody create a role above their own', async () => {
      const byAdmin = await create({ email: 'root2@acme.test', role: 'super_admin' })
      expect(byAdmin.status).toBe(403)
      expect(await json<Problem>(byAdmin)).toMatchObject({ code: 'FORBIDDEN' })
      const byRoot = await create(
        { email: 'root2@acme.test', password: PASSWORD, role: 'super_admin' },
        server.superAdmin.accessToken,
      )
      expect(byRoot.status).toBe(201)
      expect(
        (await create({ email: 'x@acme.test', role: 'customer' }, server.acme.customer.accessToken))
          .status,
      ).toBe(403)
    })
  })
})
