import { createTestDb, type TestDb } from '@rustok/test-utils'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuthApp, migrations } from '../../examples/hono-app'

// The README's example, run as written: a plain Hono app with only the tenancy and auth modules.
describe('README example: tenancy and auth mounted in a plain Hono app', () => {
  let testDb: TestDb<unknown>
  let example: Awaited<ReturnType<typeof createAuthApp>>
  beforeAll(async () => {
    testDb = await createTestDb<unknown>({ modules: migrations })
    example = await createAuthApp(testDb.db)
    await example.tenancy.tenants.create({ slug: 'acme', name: 'Acme' })
  })
  afterAll(() => testDb.destroy())

  const call = (method: string, path: string, init: { body?: unknown; token?: string } = {}) =>
    example.app.request(path, {
      method,
      headers: {
        'x-tenant-id': 'acme',
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })

  it('is the README’s example, word for word', () => {
    const example = readFileSync(new URL('../../examples/hono-app.ts', import.meta.url), 'utf8')
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    expect(readme).toContain('```ts\n' + example.trimEnd() + '\n```')
  })

  it('registers, signs in and reads the account over the modules’ own routes', async () => {
    const account = { email: 'ada@example.com', password: 'correct horse battery staple' }
    const registered = await call('POST', '/api/auth/register', { body: account })
    expect(registered.status).toBe(201)
    const login = await call('POST', '/api/auth/login', { body: account })
    expect(login.status).toBe(200)
    const { accessToken } = (await login.json()) as { accessToken: string }
    const me = await call('GET', '/api/auth/me', { token: accessToken })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ email: 'ada@example.com' })
  })

  it('answers problem+json from the kit: a bad body is 400 with field errors, no token is 401', async () => {
    const bad = await call('POST', '/api/auth/login', { body: { email: 'nope' } })
    expect(bad.status).toBe(400)
    expect(bad.headers.get('content-type')).toBe('application/problem+json')
    const anonymous = await call('GET', '/api/auth/me')
    expect(anonymous.status).toBe(401)
  })

  it('writes the modules’ events to the outbox in the same transaction', async () => {
    const rows = await testDb.db
      .selectFrom('sys_events' as never)
      .select('type' as never)
      .execute()
    expect((rows as { type: string }[]).map((row) => row.type)).toContain('user.registered')
  })
})
