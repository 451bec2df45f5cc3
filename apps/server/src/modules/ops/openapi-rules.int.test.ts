import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'

type Json = Record<string, unknown>

/** Whether a string meets the JSON Schema keywords this API uses for strings. */
function docAccepts(schema: Json, value: string): boolean {
  const options = (schema.anyOf ?? schema.oneOf) as Json[] | undefined
  if (options)
    return options.some((option) => option.type === 'string' && docAccepts(option, value))
  const length = [...value].length
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
    return false
  if (typeof schema.minLength === 'number' && length < schema.minLength) return false
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) return false
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false
  const not = schema.not as Json | undefined
  if (not && docAcceptsAll(not, value)) return false
  return true
}

function docAcceptsAll(schema: Json, value: string): boolean {
  if (Array.isArray(schema.enum)) return schema.enum.includes(value)
  if (typeof schema.pattern === 'string') return new RegExp(schema.pattern, 'u').test(value)
  return false
}

interface Case {
  readonly operation: string
  readonly field: string
  readonly values: readonly string[]
}

// Values on both sides of each rule the server checks: limits, cursors, dates, slugs, domains,
// locales, names, passwords, roles.
const CASES: readonly Case[] = [
  {
    operation: 'GET /api/admin/users',
    field: 'query.limit',
    values: ['0', '1', '100', '101', '007', 'x'],
  },
  { operation: 'GET /api/admin/users', field: 'query.cursor', values: ['!!', 'x'.repeat(2000)] },
  { operation: 'GET /api/admin/users', field: 'query.role', values: ['admin', 'Admin', 'a b'] },
  {
    operation: 'GET /api/admin/events/dead-letters',
    field: 'query.from',
    values: [
      '2026-01-31',
      '2026-01-31T12:00:00Z',
      '2026-01-31T12:00:00',
      'yesterday',
      '31.01.2026',
    ],
  },
  {
    operation: 'POST /api/admin/tenants',
    field: 'body.slug',
    values: ['fine-slug', 'admin', 'www', 'x_y', '-x', 'a'.repeat(63), 'b'.repeat(64)],
  },
  {
    operation: 'POST /api/admin/tenants',
    field: 'body.domain',
    values: ['shop.example.com', '127.0.0.1', 'localhost', 'bad_host.com', '-a.com', 'a..b'],
  },
  { operation: 'POST /api/admin/tenants', field: 'body.name', values: ['Name', '   ', ''] },
  {
    operation: 'POST /api/admin/tenants',
    field: 'body.defaultLocale',
    values: ['en', 'pt-BR', 'zh-Hant-TW', 'english', 'e', 'en_US'],
  },
  {
    operation: 'POST /api/auth/register',
    field: 'body.password',
    values: ['short', 'x'.repeat(11), 'x'.repeat(12), 'x'.repeat(256), 'x'.repeat(257)],
  },
  {
    operation: 'POST /api/admin/users',
    field: 'body.role',
    values: ['customer', 'Customer', '1x'],
  },
]

// A valid request around the field under test.
const BASE_BODY: Record<string, Json> = {
  'POST /api/admin/tenants': { slug: 'rules-base', name: 'Rules' },
  'POST /api/auth/register': { email: 'rules@acme.test', password: TEST_PASSWORD },
  'POST /api/admin/users': { email: 'rules-user@acme.test', role: 'customer' },
}

describe('the OpenAPI document states the rules the server checks (D2)', () => {
  let server: TestServer
  let doc: Json
  beforeAll(async () => {
    server = await createTestServer()
    doc = (await (await server.request('GET', '/openapi.json', { tenant: null })).json()) as Json
  })
  afterAll(() => server.destroy())

  function fieldSchema(operation: string, field: string): Json {
    const [method = '', path = ''] = operation.split(' ')
    const op = (doc.paths as Record<string, Record<string, Json>>)[path]?.[method.toLowerCase()]
    const [part, name] = field.split('.')
    if (part === 'query') {
      const param = (op?.parameters as Json[]).find((p) => p.in === 'query' && p.name === name)
      return (param?.schema ?? {}) as Json
    }
    const body = (op?.requestBody as { content: Record<string, { schema: Json }> }).content[
      'application/json'
    ]?.schema
    return (body?.properties as Record<string, Json>)[name ?? ''] ?? {}
  }

  async function serverAccepts(operation: string, field: string, value: string): Promise<boolean> {
    const [method = '', path = ''] = operation.split(' ')
    const [part, name = ''] = field.split('.')
    const token = server.superAdmin.accessToken
    const res =
      part === 'query'
        ? await server.request(method, `${path}?${name}=${encodeURIComponent(value)}`, { token })
        : await server.request(method, path, {
            token,
            body: { ...BASE_BODY[operation], [name]: value },
          })
    if (res.status >= 500) throw new Error(`${operation} ${field}=${value}: ${res.status}`)
    if (res.status !== 400) return true
    const problem = (await res.json()) as { errors?: { path: string }[] }
    return !(problem.errors ?? []).some((error) => error.path === field)
  }

  it('never documents as valid a value the server refuses', async () => {
    const promisedButRefused: string[] = []
    let refusedByDoc = 0
    for (const { operation, field, values } of CASES) {
      const schema = fieldSchema(operation, field)
      for (const value of values) {
        const documented = docAccepts(schema, value)
        if (!documented) refusedByDoc += 1
        if (documented && !(await serverAccepts(operation, field, value))) {
          promisedButRefused.push(`${operation} ${field}=${JSON.stringify(value.slice(0, 20))}`)
        }
      }
    }
    expect(promisedButRefused).toEqual([])
    // The document does state rules: most of the bad values are refused by it already.
    expect(refusedByDoc).toBeGreaterThan(25)
  })

  it('names the password policy, the built-in roles and the page size in the schemas', () => {
    expect(fieldSchema('POST /api/auth/register', 'body.password')).toMatchObject({
      minLength: 12,
      maxLength: 256,
    })
    expect(fieldSchema('POST /api/admin/users', 'body.role').examples).toEqual(
      expect.arrayContaining(['admin', 'customer']),
    )
    expect(fieldSchema('GET /api/admin/users', 'query.limit').description).toMatch(/1 to 100/)
  })
})
