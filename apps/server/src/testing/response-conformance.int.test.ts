import { defineRoute, defineServerModule, PUBLIC } from '@rustok/http'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverModules } from '../modules/server-modules'
import { createTestServer, TEST_MODULE_OPTIONS, type TestServer } from './test-server.test-helper'

// A module whose route answers other than it declares: `size` is documented, never sent.
const driftingModule = defineServerModule({
  name: 'drift',
  description: 'A route that drifted from its declaration (test)',
  setup: () => ({
    services: undefined,
    routes: [
      defineRoute({
        method: 'get',
        path: '/api/drift/:kind',
        operationId: 'getDrift',
        summary: 'Drifts (test)',
        tags: ['drift'],
        access: PUBLIC,
        request: { params: v.object({ kind: v.picklist(['body', 'status', 'error']) }) },
        responses: { 200: { description: 'A thing', schema: v.object({ size: v.number() }) } },
        handler: (c, { params }) => {
          if (params.kind === 'status') return c.json({ size: 1 }, 201)
          if (params.kind === 'error') return c.json({ message: 'no' }, 409)
          return c.json({ name: 'no size' })
        },
      }),
    ],
  }),
})

describe('the test server checks every response against its declaration (no drift)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer({
      modules: [...serverModules(TEST_MODULE_OPTIONS), driftingModule],
    })
  })
  afterAll(() => server.destroy())

  it('fails a request whose body, status or error does not match what the route declares', async () => {
    await expect(server.request('GET', '/api/drift/body')).rejects.toThrow(
      /GET \/api\/drift\/body → 200 does not match its declaration: size: /,
    )
    await expect(server.request('GET', '/api/drift/status')).rejects.toThrow(
      /status 201 is not declared by getDrift/,
    )
    await expect(server.request('GET', '/api/drift/error')).rejects.toThrow(
      /409 sent as application\/json/,
    )
  })

  it('passes the routes of the server, which answer as declared', async () => {
    const me = await server.request('GET', '/api/auth/me', { token: server.acme.admin.accessToken })
    expect(me.status).toBe(200)
    const bad = await server.request('GET', '/api/drift/nothing')
    expect(bad.status).toBe(400)
  })
})
