import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { parseTraceparent, traceContext, type TraceContextVariables } from './trace-context'

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736'
const PARENT = '00f067aa0ba902b7'
const NEW_TRACE = 'a'.repeat(32)
const NEW_SPAN = 'b'.repeat(16)

function app() {
  const server = new Hono<{ Variables: TraceContextVariables }>()
  server.use(
    traceContext({
      newId: () => 'generated-id',
      newTraceId: () => NEW_TRACE,
      newSpanId: () => NEW_SPAN,
    }),
  )
  server.get('/ids', (c) =>
    c.json({
      requestId: c.get('requestId'),
      clientRequestId: c.get('clientRequestId'),
      traceId: c.get('traceId'),
      spanId: c.get('spanId'),
      traceparent: c.get('traceparent'),
    }),
  )
  server.get('/raw', () => new Response('raw'))
  server.get('/boom', () => {
    throw new Error('boom')
  })
  server.onError((_, c) => c.text('failed', 500))
  return server
}

async function call(headers: Record<string, string>, path = '/ids') {
  const res = await app().request(path, { headers })
  return { res, body: path === '/ids' ? ((await res.json()) as Record<string, string>) : {} }
}

describe('traceContext', () => {
  it('continues a valid traceparent with a new server span and answers with it', async () => {
    const { res, body } = await call({ traceparent: `00-${TRACE}-${PARENT}-01` })
    expect(body).toMatchObject({ traceId: TRACE, spanId: NEW_SPAN })
    expect(res.headers.get('traceparent')).toBe(`00-${TRACE}-${NEW_SPAN}-01`)
    expect(body['traceparent']).toBe(`00-${TRACE}-${NEW_SPAN}-01`)
  })

  it('keeps the caller’s sampling decision', async () => {
    const { res } = await call({ traceparent: `00-${TRACE}-${PARENT}-00` })
    expect(res.headers.get('traceparent')).toBe(`00-${TRACE}-${NEW_SPAN}-00`)
  })

  it('starts a new trace when traceparent is missing', async () => {
    const { res, body } = await call({})
    expect(body).toMatchObject({ traceId: NEW_TRACE, spanId: NEW_SPAN })
    expect(res.headers.get('traceparent')).toBe(`00-${NEW_TRACE}-${NEW_SPAN}-01`)
  })

  it.each([
    ['garbage', 'not-a-traceparent'],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${PARENT}-01`],
    ['all-zero parent id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE}-${PARENT}-01`],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['short trace id', `00-${TRACE.slice(1)}-${PARENT}-01`],
    ['trailing data on version 00', `00-${TRACE}-${PARENT}-01-extra`],
  ])('starts a new trace on an invalid traceparent (%s)', async (_, header) => {
    const { body } = await call({ traceparent: header })
    expect(body['traceId']).toBe(NEW_TRACE)
  })

  it('accepts extra fields from a later version', () => {
    expect(parseTraceparent(`01-${TRACE}-${PARENT}-03-future`)).toEqual({
      version: '01',
      traceId: TRACE,
      parentId: PARENT,
      flags: '03',
    })
  })

  it('makes its own request id, keeps a sane X-Request-Id apart and echoes it', async () => {
    const { res, body } = await call({ 'X-Request-Id': 'abc-123_DEF.4:5=' })
    expect(body['requestId']).toBe('generated-id')
    expect(body['clientRequestId']).toBe('abc-123_DEF.4:5=')
    expect(res.headers.get('X-Request-Id')).toBe('abc-123_DEF.4:5=')
  })

  it('never takes the request id from the caller, not even a UUID', async () => {
    const chosen = '0190a000-0000-7000-8000-0000000000aa'
    const { body } = await call({ 'X-Request-Id': chosen })
    expect(body['requestId']).toBe('generated-id')
    expect(body['clientRequestId']).toBe(chosen)
  })

  it.each([
    ['too long', 'a'.repeat(129)],
    ['spaces', 'a b'],
    ['a header smuggled in', 'aSet-Cookie: x=1'],
    ['markup', '<script>'],
  ])('replaces an unsafe X-Request-Id (%s)', async (_, id) => {
    const { res, body } = await call({ 'X-Request-Id': id })
    expect(body['requestId']).toBe('generated-id')
    expect(body).not.toHaveProperty('clientRequestId')
    expect(res.headers.get('X-Request-Id')).toBe('generated-id')
  })

  it('accepts a request id of exactly 128 characters and makes one when absent', async () => {
    const max = 'a'.repeat(128)
    expect((await call({ 'X-Request-Id': max })).body['clientRequestId']).toBe(max)
    expect((await call({})).body['requestId']).toBe('generated-id')
  })

  it('sets the headers on raw responses and on errors too', async () => {
    const raw = await call({}, '/raw')
    expect(raw.res.headers.get('X-Request-Id')).toBe('generated-id')
    const failed = await call({ traceparent: `00-${TRACE}-${PARENT}-01` }, '/boom')
    expect(failed.res.status).toBe(500)
    expect(failed.res.headers.get('traceparent')).toBe(`00-${TRACE}-${NEW_SPAN}-01`)
  })

  it('sets the headers on the handler’s response itself, not on a copy of it', async () => {
    // A copy wraps the body in a stream, which costs @hono/node-server its fast path.
    let built: Response | undefined
    const server = new Hono<{ Variables: TraceContextVariables }>()
    server.use(traceContext({ newId: () => 'generated-id' }))
    server.use(async (c, next) => {
      await next()
      built = c.res
    })
    server.get('/json', (c) => c.json({ ok: true }))
    const res = await server.request('/json')
    expect(res).toBe(built)
    expect(res.headers.get('X-Request-Id')).toBe('generated-id')
    expect(await res.json()).toEqual({ ok: true })
  })

  it('sets the headers on a response whose headers are immutable, through a copy', async () => {
    const server = new Hono<{ Variables: TraceContextVariables }>()
    server.use(traceContext({ newId: () => 'generated-id' }))
    server.get('/moved', () => Response.redirect('http://example.test/elsewhere', 302))
    const res = await server.request('/moved')
    expect(res.status).toBe(302)
    expect(res.headers.get('Location')).toBe('http://example.test/elsewhere')
    expect(res.headers.get('X-Request-Id')).toBe('generated-id')
  })

  it('makes distinct random trace and span ids by default', async () => {
    const server = new Hono<{ Variables: TraceContextVariables }>()
    server.use(traceContext())
    server.get('/', (c) => c.json({ traceId: c.get('traceId'), spanId: c.get('spanId') }))
    // More ids than one 4 KiB pool of random bytes holds, so the pool is refilled on the way.
    const ids = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const res = await server.request('/')
        return (await res.json()) as { traceId: string; spanId: string }
      }),
    )
    for (const { traceId, spanId } of ids) {
      expect(traceId).toMatch(/^[\da-f]{32}$/)
      expect(spanId).toMatch(/^[\da-f]{16}$/)
    }
    expect(new Set(ids.map((id) => id.traceId)).size).toBe(ids.length)
    expect(new Set(ids.map((id) => id.spanId)).size).toBe(ids.length)
  })
})
