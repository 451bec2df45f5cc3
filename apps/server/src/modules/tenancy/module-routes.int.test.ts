import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'
import { body, lastEvent, type Page } from './tenancy.test-helper'

interface ModuleItem {
  name: string
  description: string
  dependsOn: string[]
  enabled: boolean
  changed?: boolean
}

describe("the current tenant's modules", () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  const root = () => server.superAdmin.accessToken
  const toggle = (name: string, action: 'enable' | 'disable', token = root()) =>
    server.request('POST', `/api/admin/modules/${name}/${action}`, { token })
  const enabledIn = async (tenant = server.acme.tenant, token = root()) => {
    const response = await server.request('GET', '/api/admin/modules', { tenant, token })
    expect(response.status).toBe(200)
    const page = await body<Page<ModuleItem>>(response)
    return page.items.filter((module) => module.enabled).map((module) => module.name)
  }

  it('lists every switchable module with description, dependencies and state', async () => {
    const response = await server.request('GET', '/api/admin/modules', {
      token: server.acme.admin.accessToken,
    })
    expect(response.status).toBe(200)
    const page = await body<Page<ModuleItem>>(response)
    expect(page.nextCursor).toBeNull()
    expect(page.items.map((module) => module.name)).toEqual([
      'blog',
      'commerce',
      'content',
      'forum',
      'index',
      'pages',
      'webhooks',
    ])
    expect(page.items[0]).toEqual({
      name: 'blog',
      description: 'Posts over content nodes, moderated comments, RSS and Atom feeds.',
      dependsOn: ['content'],
      enabled: false,
    })
  })

  it('refuses to enable a module before its dependency, naming it', async () => {
    const response = await toggle('blog', 'enable')
    expect(response.status).toBe(409)
    const problem = await body(response)
    expect(problem.code).toBe('CONFLICT')
    expect(problem.detail).toBe('blog depends on content: enable content first.')
    await expect(enabledIn()).resolves.toEqual([])
  })

  it('enables and disables in dependency order, writing events as the operator', async () => {
    const content = await toggle('content', 'enable')
    expect(content.status).toBe(200)
    await expect(body<ModuleItem>(content)).resolves.toEqual({
      name: 'content',
      description: 'Nodes with translations and bodies, categories, tags, media metadata.',
      dependsOn: [],
      enabled: true,
      changed: true,
    })
    await expect(lastEvent(server, 'module.enabled')).resolves.toMatchObject({
      tenant_id: server.acme.tenant.id,
      actor_id: server.superAdmin.id,
    })
    const again = await toggle('content', 'enable')
    expect((await body<ModuleItem>(again)).changed).toBe(false)
    expect((await toggle('blog', 'enable')).status).toBe(200)
    await expect(enabledIn()).resolves.toEqual(['blog', 'content'])

    const blocked = await toggle('content', 'disable')
    expect(blocked.status).toBe(409)
    expect((await body(blocked)).detail).toBe('blog depends on content: disable blog first.')

    const blog = await toggle('blog', 'disable')
    expect(blog.status).toBe(200)
    await expect(body<ModuleItem>(blog)).resolves.toMatchObject({ enabled: false, changed: true })
    expect((await toggle('content', 'disable')).status).toBe(200)
    await expect(enabledIn()).resolves.toEqual([])
  })

  it("changes only the current tenant's modules", async () => {
    expect((await toggle('commerce', 'enable')).status).toBe(200)
    await expect(enabledIn()).resolves.toEqual(['commerce'])
    const { tenant, admin } = server.globex
    await expect(enabledIn(tenant, admin.accessToken)).resolves.toEqual([])
  })

  it('answers 404 for a module that cannot be switched', async () => {
    for (const name of ['nope', 'tenancy', 'auth']) {
      const response = await toggle(name, 'enable')
      expect(response.status, name).toBe(404)
    }
  })

  it('lets tenant admins read but not switch; customers get 403 on both', async () => {
    const { admin, customer } = server.acme
    expect((await toggle('index', 'enable', admin.accessToken)).status).toBe(403)
    expect((await toggle('commerce', 'disable', admin.accessToken)).status).toBe(403)
    expect((await toggle('index', 'enable', customer.accessToken)).status).toBe(403)
    const list = await server.request('GET', '/api/admin/modules', {
      token: customer.accessToken,
    })
    expect(list.status).toBe(403)
    await expect(enabledIn()).resolves.toEqual(['commerce'])
  })
})
