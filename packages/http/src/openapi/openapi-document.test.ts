import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { listQuery, pageSchema } from '../paging/pagination'
import { AUTHENTICATED, defineRoute, PUBLIC, requires } from '../routes/route-definition'
import { openApiContractProblems, resolvePointer } from './openapi-contract'
import { createOpenApiDocument } from './openapi-document'
import type { OperationObject, ParameterObject, ReferenceObject } from './openapi-types'

const User = v.object({ id: v.pipe(v.string(), v.uuid()), email: v.pipe(v.string(), v.email()) })
interface Node {
  name: string
  children: Node[]
}
const NodeSchema: v.GenericSchema<Node> = v.object({
  name: v.string(),
  children: v.array(v.lazy(() => NodeSchema)),
})
const ok = (c: { json: (body: unknown) => Response }) => c.json({})

const routes = [
  defineRoute({
    method: 'get',
    path: '/api/admin/users',
    operationId: 'listUsers',
    summary: 'The users of the tenant',
    tags: ['users'],
    access: requires('users:list'),
    request: {
      query: listQuery({
        sort: ['createdAt', 'email'],
        defaultSort: '-createdAt',
        filters: { role: v.string(), q: v.optional(v.pipe(v.string(), v.description('Search'))) },
      }),
    },
    responses: { 200: { description: 'A page of users', schema: pageSchema(User) } },
    handler: ok,
  }),
  defineRoute({
    method: 'patch',
    path: '/api/admin/users/:id',
    operationId: 'updateUser',
    summary: 'Changes a user',
    tags: ['users'],
    access: requires('users:update'),
    module: 'crm',
    request: {
      params: v.object({ id: v.pipe(v.string(), v.uuid()) }),
      body: v.object({ email: v.optional(v.pipe(v.string(), v.email())), tree: NodeSchema }),
    },
    responses: { 200: { description: 'The user', schema: User } },
    handler: ok,
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/sessions/:sessionId',
    operationId: 'getSession',
    summary: 'One session',
    tags: ['auth'],
    access: AUTHENTICATED,
    responses: { 200: { description: 'The session' } },
    handler: ok,
  }),
  defineRoute({
    method: 'post',
    path: '/api/auth/login',
    operationId: 'loginUser',
    summary: 'Signs in',
    tags: ['auth'],
    access: PUBLIC,
    request: { body: v.optional(v.object({ email: v.string() })) },
    responses: { 200: { description: 'Tokens' }, 409: { description: 'Custom conflict' } },
    handler: ok,
  }),
  defineRoute({
    method: 'get',
    path: '/health/live',
    operationId: 'healthLive',
    summary: 'Alive',
    tags: ['ops'],
    access: PUBLIC,
    tenant: 'none',
    responses: { 200: { description: 'Alive', contentType: 'text/plain' } },
    handler: ok,
  }),
]

const doc = createOpenApiDocument({
  routes,
  info: { title: 'RusToK API', version: '1.2.3' },
  tenantHeader: { name: 'x-tenant', required: true },
  tags: [{ name: 'users', description: 'People' }],
})

function operation(path: string, method: 'get' | 'patch' | 'post'): OperationObject {
  const found = doc.paths[path]?.[method]
  if (!found) throw new Error(`no ${method} ${path}`)
  return found
}
const params = (op: OperationObject) =>
  (op.parameters ?? []) as (ParameterObject & ReferenceObject)[]
const refs = (op: OperationObject) => params(op).flatMap((p) => (p.$ref ? [p.$ref] : []))

describe('createOpenApiDocument', () => {
  it('passes the structural contract checks', () => {
    expect(openApiContractProblems(JSON.parse(JSON.stringify(doc)), routes)).toEqual([])
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info).toEqual({ title: 'RusToK API', version: '1.2.3' })
  })

  it('writes paths in OpenAPI syntax with operationId, summary and tags', () => {
    expect(Object.keys(doc.paths)).toEqual([
      '/api/admin/users',
      '/api/admin/users/{id}',
      '/api/me/sessions/{sessionId}',
      '/api/auth/login',
      '/health/live',
    ])
    expect(operation('/api/admin/users/{id}', 'patch')).toMatchObject({
      operationId: 'updateUser',
      summary: 'Changes a user',
      tags: ['users'],
      'x-module': 'crm',
    })
    expect(doc.tags).toEqual([
      { name: 'auth' },
      { name: 'ops' },
      { name: 'users', description: 'People' },
    ])
  })

  it('makes each query field one parameter, described as the client sends it', () => {
    const query = params(operation('/api/admin/users', 'get')).filter((p) => p.in === 'query')
    const byName = Object.fromEntries(query.map((p) => [p.name, p]))
    expect(Object.keys(byName)).toEqual(['role', 'q', 'limit', 'cursor', 'sort'])
    expect(byName.role?.required).toBe(true)
    expect(byName.q).toMatchObject({ required: false, description: 'Search' })
    // Before its transform to a number: a string with a default of "20".
    expect(byName.limit?.schema).toMatchObject({ type: 'string', default: '20' })
    expect(byName.sort?.schema).toMatchObject({
      enum: ['createdAt', '-createdAt', 'email', '-email'],
      default: '-createdAt',
    })
  })

  it('declares path parameters from the params schema, or as strings without one', () => {
    expect(params(operation('/api/admin/users/{id}', 'patch'))[0]).toEqual({
      name: 'id',
      in: 'path',
      required: true,
      schema: { type: 'string', format: 'uuid' },
    })
    expect(params(operation('/api/me/sessions/{sessionId}', 'get'))[0]).toEqual({
      name: 'sessionId',
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })
  })

  it('describes the body, required unless its schema accepts none', () => {
    const patch = operation('/api/admin/users/{id}', 'patch').requestBody
    expect(patch?.required).toBe(true)
    expect(patch?.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['tree'],
      properties: { email: { type: 'string', format: 'email' } },
    })
    expect(operation('/api/auth/login', 'post').requestBody?.required).toBe(false)
  })

  it('moves recursive schemas to components, with references that resolve', () => {
    const body = JSON.stringify(operation('/api/admin/users/{id}', 'patch').requestBody)
    const ref = /"\$ref":"(#\/components\/schemas\/[^"]+)"/.exec(body)?.[1] ?? ''
    expect(resolvePointer(doc, ref)).toMatchObject({ properties: { name: { type: 'string' } } })
  })

  it('adds bearer security and the permission on protected routes only', () => {
    expect(operation('/api/admin/users', 'get')).toMatchObject({
      security: [{ bearerAuth: [] }],
      'x-required-permission': 'users:list',
    })
    const session = operation('/api/me/sessions/{sessionId}', 'get')
    expect(session.security).toEqual([{ bearerAuth: [] }])
    expect(session['x-required-permission']).toBeUndefined()
    expect(operation('/api/auth/login', 'post').security).toEqual([])
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    })
  })

  it('adds the tenant header on tenant routes and Idempotency-Key on idempotent ones', () => {
    expect(refs(operation('/api/admin/users', 'get'))).toEqual([
      '#/components/parameters/TenantHeader',
    ])
    expect(refs(operation('/api/admin/users/{id}', 'patch'))).toEqual([
      '#/components/parameters/TenantHeader',
      '#/components/parameters/IdempotencyKey',
    ])
    expect(refs(operation('/health/live', 'get'))).toEqual([])
    expect(doc.components.parameters.TenantHeader).toMatchObject({
      name: 'x-tenant',
      in: 'header',
      required: true,
    })
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
    })
  })

  it('adds the problem responses each chain can give, leaving declared statuses alone', () => {
    const statuses = (op: OperationObject) => Object.keys(op.responses)
    expect(statuses(operation('/api/admin/users/{id}', 'patch'))).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      'default',
    ])
    expect(statuses(operation('/health/live', 'get'))).toEqual(['200', '429', '500', 'default'])
    const login = operation('/api/auth/login', 'post')
    // An error status the route declares itself is problem details with its own description.
    expect(login.responses['409']).toEqual({
      description: 'Custom conflict',
      content: {
        'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
      },
    })
    expect(login.responses['401']).toBeUndefined()
    expect(login.responses['400']).toEqual({ $ref: '#/components/responses/BadRequest' })
  })

  it('describes errors as problem+json with the ProblemDetails schema', () => {
    expect(doc.components.responses.BadRequest?.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    })
    const problem = doc.components.schemas.ProblemDetails
    expect(Object.keys(problem?.properties ?? {})).toEqual([
      'type',
      'title',
      'status',
      'code',
      'detail',
      'instance',
      'traceId',
      'retryable',
      'errors',
    ])
    expect(problem?.required).toEqual(['type', 'title', 'status', 'code'])
    expect(doc.components.schemas.FieldError?.required).toEqual(['path', 'message'])
  })

  it('gives responses their content type and output schema', () => {
    expect(operation('/health/live', 'get').responses['200']).toEqual({
      description: 'Alive',
      content: { 'text/plain': {} },
    })
    expect(operation('/api/admin/users', 'get').responses['200']).toMatchObject({
      content: { 'application/json': { schema: { required: ['items', 'nextCursor'] } } },
    })
  })
})
