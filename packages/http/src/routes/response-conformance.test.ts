import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { defineRoute, PUBLIC } from './route-definition'
import { createResponseChecker } from './response-conformance'

const route = defineRoute({
  method: 'get',
  path: '/things/:id',
  operationId: 'getThing',
  summary: 's',
  tags: ['t'],
  access: PUBLIC,
  tenant: 'none',
  request: { params: v.object({ id: v.string() }) },
  responses: {
    200: { description: 'The thing', schema: v.object({ id: v.string(), size: v.number() }) },
    202: { description: 'Accepted, no body' },
    206: { description: 'A file', contentType: ['text/css', 'text/javascript'] },
  },
  handler: (c) => c.json({}),
})
const check = createResponseChecker({ routes: [route], errorCodes: ['NOT_FOUND', 'INTERNAL'] })
const get = { method: 'GET', path: '/things/7' }
const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } })
const problem = (status: number, code: string) =>
  json({ type: 'about:blank', title: 'x', status, code }, status, 'application/problem+json')

describe('createResponseChecker', () => {
  it('accepts responses as declared', async () => {
    expect(await check(get, json({ id: '7', size: 1 }))).toEqual([])
    expect(await check(get, new Response(null, { status: 202 }))).toEqual([])
    const css = new Response('a{}', {
      status: 206,
      headers: { 'content-type': 'text/css; charset=utf-8' },
    })
    expect(await check(get, css)).toEqual([])
    expect(await check(get, problem(404, 'NOT_FOUND'))).toEqual([])
    expect(await check({ method: 'DELETE', path: '/nowhere' }, problem(404, 'NOT_FOUND'))).toEqual(
      [],
    )
  })

  it('names a body that does not match its schema, and leaves the response readable', async () => {
    const response = json({ id: 7 })
    expect(await check(get, response)).toEqual([
      'id: Invalid type: Expected string but received 7',
      'size: Invalid key: Expected "size" but received undefined',
    ])
    expect(await response.json()).toEqual({ id: 7 })
  })

  it('names an undeclared status, a body where none is declared, and a wrong media type', async () => {
    expect(await check(get, json({ id: '7', size: 1 }, 201))).toEqual([
      'status 201 is not declared by getThing',
    ])
    expect(await check(get, json({}, 202))).toEqual(['202 has no declared body but sent {}'])
    expect(await check(get, json({ id: '7', size: 1 }, 200, 'text/plain'))).toEqual([
      'sent text/plain, declared JSON',
    ])
    const html = new Response('<p>', { status: 206, headers: { 'content-type': 'text/html' } })
    expect(await check(get, html)).toEqual(['sent text/html, declared text/css or text/javascript'])
  })

  it('holds every error to the problem details schema and the catalogue', async () => {
    expect(await check(get, json({ error: 'x' }, 500))).toEqual(['500 sent as application/json'])
    expect(await check(get, problem(409, 'MADE_UP'))).toEqual([
      expect.stringMatching(/^code: Invalid type: Expected \("NOT_FOUND" \| "INTERNAL"\)/),
    ])
    expect(await check(get, problem(404, 'INTERNAL').clone())).toEqual([])
    const mismatch = json(
      { type: 'about:blank', title: 'x', status: 500, code: 'INTERNAL' },
      404,
      'application/problem+json',
    )
    expect(await check(get, mismatch)).toEqual(['problem status 500 on a 404 response'])
  })
})
