import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolvePointer } from '@rustok/http'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'

type Json = Record<string, unknown>
interface Problem {
  code: string
  errors?: { path: string; message: string }[]
}
interface Operation {
  parameters?: Json[]
  requestBody?: { content: Record<string, { schema: Json }> }
}

const NUL = 'a\u0000b'

/**
 * Every place a string can go in a JSON body of this schema, as dot paths with the value to send
 * there: string properties at any depth, the first item of arrays, and a key of free-form objects.
 */
function stringFields(doc: unknown, schema: Json, path: string[] = []): string[][] {
  if (path.length > 8) return []
  const node = (typeof schema.$ref === 'string' ? resolvePointer(doc, schema.$ref) : schema) as Json
  const options = [...((node.anyOf ?? node.oneOf ?? []) as Json[])]
  if (options.length > 0) return options.flatMap((o) => stringFields(doc, o, path))
  const types = ([] as unknown[]).concat(node.type ?? [])
  const fields: string[][] = []
  if (types.includes('string')) fields.push(path)
  if (types.includes('array') && typeof node.items === 'object') {
    fields.push(...stringFields(doc, node.items as Json, [...path, '0']))
  }
  if (types.includes('object')) {
    const properties = (node.properties ?? {}) as Record<string, Json>
    for (const [key, property] of Object.entries(properties)) {
      fields.push(...stringFields(doc, property, [...path, key]))
    }
    // A free-form object: its values can be any string.
    if (Object.keys(properties).length === 0) fields.push([...path, 'key'])
  }
  return fields
}

function bodyWith(path: string[]): unknown {
  let value: unknown = NUL
  for (let index = path.length - 1; index >= 0; index--) {
    const key = path[index] ?? ''
    value = /^\d+$/.test(key) ? [value] : { [key]: value }
  }
  return value
}

describe('bad input never reaches the database (A5): 400 with the field path, never 500', () => {
  let server: TestServer
  let doc: Json
  beforeAll(async () => {
    server = await createTestServer()
    // Toggleable modules' routes answer 404 until the tenant enables them: enable them all.
    await server.services.tenantModules.enableModule(server.acme.tenant.id, 'content')
    await server.services.tenantModules.enableModule(server.acme.tenant.id, 'blog')
    await server.services.tenantModules.enableModule(server.acme.tenant.id, 'forum')
    await server.services.tenantModules.enableModule(server.acme.tenant.id, 'commerce')
    await server.services.tenantModules.enableModule(server.acme.tenant.id, 'pages')
    await server.services.tenantModules.enableModule(server.acme.tenant.id, 'webhooks')
    await server.services.tenantModules.enableModule(server.acme.tenant.id, 'index')
    doc = (await (await server.request('GET', '/openapi.json', { tenant: null })).json()) as Json
  })
  afterAll(() => server.destroy())

  const send = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token: server.superAdmin.accessToken, body })

  it('refuses U+0000 in every declared string field of every operation', async () => {
    const cases: { method: string; url: string; body?: unknown; field: string }[] = []
    for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const [method, value] of Object.entries(item)) {
        const op = value as Operation
        const parameters = op.parameters ?? []
        const schema = op.requestBody?.content['application/json']?.schema
        const empty = schema ? {} : undefined
        const pathParams = parameters.filter((p) => p.in === 'path').map((p) => String(p.name))
        const fill = (nul?: string) =>
          template.replace(/\{(\w+)\}/g, (_, name: string) =>
            name === nul ? '%00' : name === 'code' ? 'en' : randomUUID(),
          )
        for (const name of pathParams) {
          cases.push({ method, url: fill(name), body: empty, field: `params.${name}` })
        }
        for (const param of parameters.filter((p) => p.in === 'query')) {
          const name = String(param.name)
          cases.push({
            method,
            url: `${fill()}?${name}=a%00b`,
            body: empty,
            field: `query.${name}`,
          })
        }
        for (const path of schema ? stringFields(doc, schema) : []) {
          cases.push({
            method,
            url: fill(),
            body: bodyWith(path),
            field: ['body', ...path].join('.'),
          })
        }
      }
    }
    // Query filters, tenant and user names, registration: the places a black-box walk found.
    const fields = cases.map((entry) => `${entry.method} ${entry.field}`)
    for (const expected of [
      'get query.q',
      'get query.type',
      'get query.actorId',
      'post body.name',
      'patch body.name',
      'post body.email',
      'post body.settings.key',
    ]) {
      expect(fields).toContain(expected)
    }
    const wrong: string[] = []
    for (const entry of cases) {
      const response = await send(entry.method.toUpperCase(), entry.url, entry.body)
      const text = await response.text()
      const problem = (text.startsWith('{') ? JSON.parse(text) : {}) as Problem
      const paths = (problem.errors ?? []).map((error) => error.path)
      if (
        response.status !== 400 ||
        problem.code !== 'INVALID_INPUT' ||
        !paths.includes(entry.field)
      ) {
        wrong.push(
          `${entry.method} ${entry.url} ${entry.field}: ${response.status} ${JSON.stringify(problem)}`,
        )
      }
    }
    expect(wrong).toEqual([])
    expect(cases.length).toBeGreaterThan(60)
  })

  it('refuses 5,000 levels of nesting in tenant settings with a field path', async () => {
    const settings = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`
    const response = await server.app.request(`/api/admin/tenants/${server.globex.tenant.id}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${server.superAdmin.accessToken}`,
        'x-tenant-id': server.acme.tenant.id,
      },
      body: `{"settings":${settings}}`,
    })
    expect(response.status).toBe(400)
    const problem = (await response.json()) as Problem
    expect(problem.errors?.[0]?.path).toMatch(/^body\.settings(\.a)+$/)
  })

  it('refuses an array where an object is declared: a whole PATCH body, tenant settings', async () => {
    const tenant = `/api/admin/tenants/${server.globex.tenant.id}`
    const whole = await send('PATCH', tenant, [])
    expect(whole.status).toBe(400)
    expect(((await whole.json()) as Problem).errors).toEqual([
      { path: 'body', message: 'Expected an object, not an array' },
    ])
    const settings = await send('PATCH', tenant, { settings: ['x', true] })
    expect(settings.status).toBe(400)
    expect(((await settings.json()) as Problem).errors).toEqual([
      { path: 'body.settings', message: 'Expected an object, not an array' },
    ])
    const created = await send('POST', '/api/admin/tenants', {
      slug: 'arrays',
      name: 'Arrays',
      settings: [1],
    })
    expect(created.status).toBe(400)
    const unchanged = await send('GET', tenant)
    expect(((await unchanged.json()) as { settings: unknown }).settings).toEqual({})
  })
})
