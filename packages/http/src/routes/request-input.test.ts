import { Hono } from 'hono'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createErrorHandler } from '../errors/error-handler'
import type { AppEnv } from './app-env'
import { INPUT_LIMITS } from './input-text-rules'
import { mountRoutes } from './mount-routes'
import { defineRoute, PUBLIC } from './route-definition'

const Patch = v.object({
  name: v.optional(v.string()),
  settings: v.optional(v.record(v.string(), v.unknown())),
  tags: v.optional(v.array(v.object({ label: v.string() }))),
  anything: v.optional(v.unknown()),
})

function app() {
  const hono = new Hono<AppEnv>()
  hono.onError(createErrorHandler({ logger: { error: () => {}, warn: () => {} } }))
  mountRoutes(
    hono,
    [
      defineRoute({
        method: 'patch',
        path: '/things/:id',
        operationId: 'patchThing',
        summary: 'Patch',
        tags: ['t'],
        access: PUBLIC,
        tenant: 'none',
        request: {
          params: v.object({ id: v.string() }),
          query: v.object({ q: v.optional(v.string()) }),
          body: Patch,
        },
        responses: { 200: { description: 'ok' } },
        handler: (c, { body }) => c.json(body),
      }),
    ],
    {},
  )
  return hono
}

async function patch(body: string, path = '/things/1') {
  const res = await app().request(path, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body,
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const errorsOf = (body: Record<string, unknown>) =>
  (body.errors as { path: string; message: string }[] | undefined) ?? []

describe('input edge rules (every route, before its schema)', () => {
  it('passes valid input through to the handler', async () => {
    const valid = { name: 'x', settings: { a: [1, { b: 2 }] }, tags: [{ label: 'l' }] }
    expect(await patch(JSON.stringify(valid))).toEqual({ status: 200, body: valid })
  })

  it('refuses U+0000 in any string or key of the body, query and path, with its field path', async () => {
    const body = JSON.stringify({
      name: 'a\u0000b',
      settings: { 'k\u0000': 'v', deep: { list: ['ok', 'x\u0000'] } },
    })
    const answer = await patch(body, '/things/a%00b?q=%00')
    expect(answer.status).toBe(400)
    expect(answer.body.code).toBe('INVALID_INPUT')
    expect(errorsOf(answer.body).map((e) => e.path)).toEqual([
      'params.id',
      'query.q',
      'body.name',
      'body.settings.k\\u0000',
      'body.settings.deep.list.1',
    ])
    expect(errorsOf(answer.body)[0]?.message).toMatch(/U\+0000/)
  })

  it('refuses unpaired surrogates (PostgreSQL cannot store them in jsonb) but keeps pairs', async () => {
    const refused = await patch('{"name":"\\ud800x"}')
    expect(refused.status).toBe(400)
    expect(errorsOf(refused.body).map((e) => e.path)).toEqual(['body.name'])
    expect(errorsOf(refused.body)[0]?.message).toMatch(/unpaired surrogate/)
    expect((await patch(JSON.stringify({ name: '😀' }))).status).toBe(200)
  })

  it('refuses nesting deeper than the limit with the path where it starts, without exhausting the stack', async () => {
    const deep = `{"settings":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`
    const answer = await patch(deep)
    expect(answer.status).toBe(400)
    const [error] = errorsOf(answer.body)
    expect(error?.path).toBe(`body.settings${'.a'.repeat(INPUT_LIMITS.maxDepth - 1)}`)
    expect(error?.message).toMatch(/Nested too deeply/)
    const deepest = `{"settings":${'{"a":'.repeat(INPUT_LIMITS.maxDepth - 1)}1${'}'.repeat(INPUT_LIMITS.maxDepth - 1)}}`
    expect((await patch(deepest)).status).toBe(200)
  })

  it('refuses an array where the schema declares an object: the whole body, a record, an item', async () => {
    const whole = await patch('[]')
    expect(whole.status).toBe(400)
    expect(errorsOf(whole.body)).toEqual([
      { path: 'body', message: 'Expected an object, not an array' },
    ])
    const record = await patch(JSON.stringify({ settings: ['x', true] }))
    expect(errorsOf(record.body)).toEqual([
      { path: 'body.settings', message: 'Expected an object, not an array' },
    ])
    const item = await patch(JSON.stringify({ tags: [[]] }))
    expect(errorsOf(item.body)).toEqual([
      { path: 'body.tags.0', message: 'Expected an object, not an array' },
    ])
    // Where the schema takes anything, an array is fine.
    expect((await patch(JSON.stringify({ anything: [1] }))).status).toBe(200)
  })

  it('bounds the size of every free-form field', async () => {
    const big = 'x'.repeat(INPUT_LIMITS.maxFreeFormBytes)
    const settings = await patch(JSON.stringify({ settings: { big } }))
    expect(settings.status).toBe(400)
    expect(errorsOf(settings.body).map((e) => e.path)).toEqual(['body.settings'])
    expect(errorsOf(settings.body)[0]?.message).toMatch(/Too large/)
    const anything = await patch(JSON.stringify({ anything: big }))
    expect(errorsOf(anything.body).map((e) => e.path)).toEqual(['body.anything'])
  })
})
