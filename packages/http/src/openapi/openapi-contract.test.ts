import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { defineRoute, PUBLIC, type Route } from '../routes/route-definition'
import { openApiContractProblems, resolvePointer } from './openapi-contract'

const route = (path: string, operationId: string): Route =>
  defineRoute({
    method: 'get',
    path,
    operationId,
    summary: operationId,
    tags: ['t'],
    access: PUBLIC,
    request: path.includes(':') ? { params: v.object({ id: v.string() }) } : {},
    responses: { 200: { description: 'ok' } },
    handler: (c) => c.json({}),
  })

interface Op {
  operationId: string
  responses: Record<string, unknown>
  parameters?: unknown[]
  security?: unknown[]
}
interface Doc {
  openapi: string
  info: unknown
  paths: Record<string, Record<string, Op>>
  components: unknown
}

const op = (operationId: string, extra: Partial<Op> = {}): Op => ({
  operationId,
  responses: { 200: { description: 'ok' } },
  ...extra,
})

function getOf(doc: Doc, path: string): Op {
  const found = doc.paths[path]?.get
  if (!found) throw new Error(`no GET ${path}`)
  return found
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } }

// A valid document of two routes; each test breaks one thing.
function validDoc(): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'T', version: '1' },
    paths: {
      '/a': { get: op('getA') },
      '/b/{id}': { get: op('getB', { parameters: [{ $ref: '#/components/parameters/Id' }] }) },
    },
    components: { parameters: { Id: idParam }, securitySchemes: { bearerAuth: {} } },
  }
}
const routes = [route('/a', 'getA'), route('/b/:id', 'getB')]

describe('openApiContractProblems', () => {
  it('accepts a valid document', () => {
    expect(openApiContractProblems(validDoc(), routes)).toEqual([])
  })

  it('names a route the document lacks, and a wrong operationId', () => {
    const doc = validDoc()
    delete doc.paths['/a']
    getOf(doc, '/b/{id}').operationId = 'other'
    expect(openApiContractProblems(doc, routes)).toEqual([
      'get /a is missing',
      'get /b/:id: operationId other',
    ])
  })

  it('finds duplicate operationIds', () => {
    const doc = validDoc()
    doc.paths['/c'] = { post: op('getA') }
    expect(openApiContractProblems(doc, routes)).toEqual([
      'operationId getA used by get /a and post /c',
    ])
  })

  it('finds a $ref that does not resolve', () => {
    const doc = validDoc()
    getOf(doc, '/a').responses[400] = { $ref: '#/components/responses/Nope' }
    expect(openApiContractProblems(doc, routes)).toContain(
      '#/paths/~1a/get/responses/400: $ref #/components/responses/Nope does not resolve',
    )
  })

  it('finds a path parameter that is not declared, or declared but not in the path', () => {
    const doc = validDoc()
    getOf(doc, '/b/{id}').parameters = []
    getOf(doc, '/a').parameters = [idParam]
    const problems = openApiContractProblems(doc, routes)
    expect(problems).toContain('GET /b/{id}: path parameter {id} not declared')
    expect(problems).toContain('GET /a: path parameter id not in path')
  })

  it('finds a wrong version, a response without description and an unknown security scheme', () => {
    const doc = validDoc()
    doc.openapi = '3.0.3'
    getOf(doc, '/a').responses[200] = {}
    getOf(doc, '/a').security = [{ apiKey: [] }]
    expect(openApiContractProblems(doc, routes)).toEqual([
      'openapi is 3.0.3, not 3.1.x',
      'GET /a: response 200 has no description',
      'GET /a: unknown security scheme apiKey',
    ])
  })

  it('resolves escaped JSON pointers', () => {
    expect(resolvePointer({ a: { 'b/c': { 'd~e': 1 } } }, '#/a/b~1c/d~0e')).toBe(1)
    expect(resolvePointer({ a: {} }, '#/a/missing')).toBeUndefined()
  })
})
