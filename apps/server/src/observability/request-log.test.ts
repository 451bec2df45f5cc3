import { Writable } from 'node:stream'
import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { createLogger, REDACTED } from './logger'
import { requestLog } from './request-log'
import { traceContext, type TraceContextVariables } from '@rustok/http'

type Variables = TraceContextVariables & { tenantId: string; userId: string }

function memoryDestination() {
  const lines: Record<string, unknown>[] = []
  const raw: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        raw.push(line)
        lines.push(JSON.parse(line) as Record<string, unknown>)
      }
      done()
    },
  })
  return { stream, lines, raw }
}

function app() {
  const destination = memoryDestination()
  const logger = createLogger({
    level: 'info',
    destination: destination.stream,
    base: { service: 'test' },
  })
  const makeChild = vi.spyOn(logger, 'child')
  let clock = 0
  const server = new Hono<{ Variables: Variables }>()
  server.use(traceContext({ newId: () => 'req-1' }))
  server.use(requestLog({ logger, now: () => (clock += 12.5) }))
  // Stand-ins for tenant resolution and authentication, which run after the log middleware.
  server.use(async (c, next) => {
    const tenant = c.req.header('x-test-tenant')
    if (tenant) c.set('tenantId', tenant)
    if (c.req.header('authorization')) c.set('userId', 'user-7')
    await next()
  })
  server.get('/posts/:id', (c) => c.json({ id: c.req.param('id') }))
  server.get('/missing', (c) => c.json({ error: 'nope' }, 404))
  server.get('/boom', () => {
    throw new Error('database exploded')
  })
  server.get('/leak', () => {
    throw Object.assign(new Error('upstream refused'), { token: 'tok-s3cret' })
  })
  server.onError((_, c) => c.json({ error: 'internal' }, 500))
  return { server, ...destination, logger, makeChild }
}

describe('requestLog', () => {
  it('logs one JSON line per request with the request, trace, tenant and user ids', async () => {
    const { server, lines } = app()
    const res = await server.request('/posts/42?token=s3cret&page=2', {
      headers: {
        'x-test-tenant': 'tenant-a',
        authorization: 'Bearer abc.def.ghi',
        'x-request-id': 'client-chosen-1',
      },
    })
    expect(res.status).toBe(200)
    expect(lines).toHaveLength(1)
    const line = lines[0]
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request completed',
      method: 'GET',
      path: '/posts/42',
      route: '/posts/:id',
      status: 200,
      durationMs: 12.5,
      requestId: 'req-1',
      clientRequestId: 'client-chosen-1',
      tenantId: 'tenant-a',
      userId: 'user-7',
    })
    expect(line?.['traceId']).toMatch(/^[\da-f]{32}$/)
    expect(line?.['time']).toMatch(/^\d{4}-\d{2}-\d{2}T/)
  })

  it('never writes the query string or the Authorization header', async () => {
    const { server, raw } = app()
    await server.request('/posts/1?token=s3cret', {
      headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=xyz' },
    })
    const text = raw.join('\n')
    expect(text).not.toContain('s3cret')
    expect(text).not.toContain('abc.def.ghi')
    expect(text).not.toContain('sid=xyz')
  })

  it('omits the tenant and user when the context has none', async () => {
    const { server, lines } = app()
    await server.request('/posts/1')
    expect(lines[0]).not.toHaveProperty('tenantId')
    expect(lines[0]).not.toHaveProperty('userId')
  })

  it('logs 4xx at warn and 5xx at error with the error', async () => {
    const { server, lines } = app()
    await server.request('/missing')
    await server.request('/boom')
    expect(lines[0]).toMatchObject({ level: 'warn', status: 404, route: '/missing' })
    expect(lines[1]).toMatchObject({
      level: 'error',
      status: 500,
      err: { type: 'Error', message: 'database exploded' },
    })
  })
})

describe('requestLog and redaction', () => {
  it('writes 2xx and 4xx lines through a child without redaction, in the same format', async () => {
    const { server, logger, lines, raw, makeChild } = app()
    expect(makeChild).toHaveBeenCalledOnce()
    expect(makeChild).toHaveBeenCalledWith({}, { redact: [] })
    await server.request('/posts/1', { headers: { 'x-test-tenant': 'tenant-a' } })
    await server.request('/missing')
    expect(lines[1]).toMatchObject({ level: 'warn', service: 'test', status: 404 })
    // The application logger writes the same fields byte for byte the same, but for the time.
    const { level: _level, time: _time, service: _service, msg, ...fields } = lines[0] ?? {}
    logger.info(fields, String(msg))
    const withoutTime = (line: string | undefined) => line?.replace(/"time":"[^"]+"/, '')
    expect(withoutTime(raw[0])).toBe(withoutTime(raw[2]))
    expect(lines[0]).toMatchObject({ level: 'info', service: 'test', tenantId: 'tenant-a' })
  })

  it('keeps redaction on 5xx lines, whose error may carry a secret', async () => {
    const { server, lines, raw } = app()
    await server.request('/leak')
    expect(lines[0]).toMatchObject({ level: 'error', err: { token: REDACTED } })
    expect(raw.join('')).not.toContain('tok-s3cret')
  })

  it('leaves the application logger redacting after making the request-line child', async () => {
    const { server, logger, lines, raw } = app()
    await server.request('/posts/1')
    logger.info({ accessToken: 'at-s3cret', body: { password: 'pw-s3cret' } }, 'app line')
    expect(lines[1]).toMatchObject({ accessToken: REDACTED, body: { password: REDACTED } })
    expect(raw.join('')).not.toMatch(/at-s3cret|pw-s3cret/)
  })
})

describe('createLogger', () => {
  it('redacts authorization, cookies, passwords and tokens in logged objects', () => {
    const { stream, lines, raw } = memoryDestination()
    const logger = createLogger({ level: 'info', destination: stream, base: { service: 'test' } })
    logger.info(
      {
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', accept: 'text/html' } },
        body: { email: 'a@b.c', password: 'hunter2', nested: { newPassword: 'n3w' } },
        refreshToken: 'rt-1',
      },
      'login',
    )
    expect(lines[0]).toMatchObject({
      service: 'test',
      req: { headers: { authorization: REDACTED, cookie: REDACTED, accept: 'text/html' } },
      body: { email: 'a@b.c', password: REDACTED, nested: { newPassword: REDACTED } },
      refreshToken: REDACTED,
    })
    expect(raw.join('')).not.toMatch(/hunter2|n3w|rt-1|Bearer abc/)
  })

  it('writes nothing below its level', () => {
    const { stream, lines } = memoryDestination()
    createLogger({ level: 'warn', destination: stream }).info('hidden')
    expect(lines).toHaveLength(0)
  })
})
