import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenOnNode, type NodeListener } from '../testing/node-listener.test-helper'
import { createTestServer, type TestServer } from '../testing/test-server.test-helper'

// Served by @hono/node-server, a body with a Content-Length is read from node's request and its
// declared length is the body limit's check; a chunked one goes through Hono's WHATWG path (ADR
// 0038). Both must give the same answers as `app.request()` does in the other tests.

const LIMIT = 2_000

describe('request bodies over a node:http socket', () => {
  let server: TestServer
  let http: NodeListener
  beforeAll(async () => {
    server = await createTestServer({ config: { http: { bodyLimitBytes: LIMIT } } })
    http = await listenOnNode(server.app.fetch)
  })
  afterAll(async () => {
    await http.close()
    await server.destroy()
  })

  const rename = (
    body: readonly (string | Buffer)[],
    headers: Readonly<Record<string, string>> = {},
  ) =>
    http.send('PATCH', `/api/admin/users/${server.acme.customer.id}`, {
      headers: {
        'x-tenant-id': server.acme.tenant.id,
        authorization: `Bearer ${server.acme.admin.accessToken}`,
        'content-type': 'application/json',
        ...headers,
      },
      body,
    })
  const declared = (body: Buffer) => ({ 'content-length': String(body.length) })

  it('reads a declared body that arrives in pieces, a character split between them', async () => {
    const body = Buffer.from(JSON.stringify({ name: 'Ёлка 🌲 Grün' }))
    // The cut falls inside the Cyrillic letter's two bytes.
    const cut = body.indexOf(Buffer.from('Ё')) + 1
    const answer = await rename([body.subarray(0, cut), body.subarray(cut)], declared(body))
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'Ёлка 🌲 Grün' })
  })

  it('drops a leading byte order mark, as WHATWG text() does', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ name: 'Marked' })),
    ])
    const answer = await rename([body], declared(body))
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'Marked' })
  })

  it('reads a chunked body too', async () => {
    const answer = await rename(['{"name":', '"Chunked"}'])
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'Chunked' })
  })

  it('refuses a body over the limit, declared or chunked, with 413 problem+json', async () => {
    const big = Buffer.from(JSON.stringify({ name: 'x'.repeat(LIMIT) }))
    for (const answer of [await rename([big], declared(big)), await rename([big])]) {
      expect(answer.status).toBe(413)
      expect(answer.headers['content-type']).toBe('application/problem+json')
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    }
  })

  it('answers bad JSON with 400 and another media type with 415, as app.request() does', async () => {
    const broken = Buffer.from('{"name": ')
    const bad = await rename([broken], declared(broken))
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'BAD_REQUEST' })
    const text = Buffer.from('name=Plain')
    const other = await rename([text], { ...declared(text), 'content-type': 'text/plain' })
    expect(other.status).toBe(415)
    expect(JSON.parse(other.body)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
  })

  it('reads each request of a kept-alive connection as its own body', async () => {
    const names = ['First', 'Second', 'Third']
    for (const name of names) {
      const body = Buffer.from(JSON.stringify({ name }))
      const answer = await rename([body], declared(body))
      expect(JSON.parse(answer.body)).toMatchObject({ name })
    }
  })
})
