import { once } from 'node:events'
import { connect, createServer, type AddressInfo } from 'node:net'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { pino } from 'pino'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { createErrorCatalog } from './error-catalog'
import { errorRow } from './error-codes'
import { createErrorHandler } from './error-handler'
import { errorToProblem } from './error-to-problem'
import type { ErrorLogger } from './error-handler'
import { notFound } from './not-found'
import { requestValidationError } from './request-validation-error'

interface Logged {
  readonly level: 'error' | 'warn'
  readonly fields: Record<string, unknown>
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736'

/** What a server's modules contribute: their error classes and their own codes. */
const catalog = createErrorCatalog([
  {
    errorNames: ['CoreTenantError', 'CoreAuthError', 'OutboxError', 'CoreCacheError'],
    codes: { TOKEN_REUSED: errorRow(401, 'Refresh Token Reused') },
  },
  {
    errorNames: ['CoreEventsError', 'CoreDbError'],
    codes: {
      UNKNOWN_EVENT_TYPE: errorRow(400, 'Unknown Event Type'),
      INVALID_EVENT: errorRow(400, 'Invalid Event'),
      QUEUE_FULL: errorRow(503, 'Queue Full', true),
      CLOSED: errorRow(503, 'Closed'),
      UNKNOWN_MIGRATION: errorRow(500, 'Unknown Migration'),
    },
  },
])

/** A tiny app whose `/throw` route throws what the test gives it. */
function setup(thrown?: () => unknown) {
  const logged: Logged[] = []
  const logger: ErrorLogger = {
    error: (fields) => logged.push({ level: 'error', fields: fields as Record<string, unknown> }),
    warn: (fields) => logged.push({ level: 'warn', fields: fields as Record<string, unknown> }),
  }
  const app = new Hono<{ Variables: { traceId: string } }>()
  app.use(async (c, next) => {
    if (c.req.header('x-trace') !== 'off') c.set('traceId', TRACE_ID)
    await next()
  })
  app.onError(createErrorHandler({ logger, catalog }))
  app.notFound(notFound)
  app.get('/throw', () => {
    throw thrown?.()
  })
  app.post('/upload', bodyLimit({ maxSize: 8 }), (c) => c.text('ok'))
  app.post('/login', async (c) => {
    const schema = v.object({ email: v.pipe(v.string(), v.email('must be an e-mail address')) })
    const result = v.safeParse(schema, await c.req.json())
    if (!result.success) throw requestValidationError('body', result.issues)
    return c.json(result.output)
  })
  return { app, logged }
}

const coded = (name: string, code: string, message = 'visible detail') =>
  Object.assign(new Error(message), { name, code })

async function answer(thrown: () => unknown) {
  const { app, logged } = setup(thrown)
  const res = await app.request('/throw')
  return { res, body: (await res.json()) as Record<string, unknown>, logged }
}

describe('createErrorHandler', () => {
  it('recognises a package error by name and code, not by class', async () => {
    const { res, body } = await answer(() =>
      coded('CoreTenantError', 'NOT_FOUND', 'no tenant acme'),
    )
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'no tenant acme',
      instance: '/throw',
      traceId: TRACE_ID,
    })
  })

  it.each([
    ['CoreAuthError', 'UNAUTHORIZED', 401],
    ['CoreAuthError', 'TOKEN_REUSED', 401],
    ['CoreAuthError', 'FORBIDDEN', 403],
    ['CoreAuthError', 'PRECONDITION_FAILED', 412],
    ['OutboxError', 'CONFLICT', 409],
    ['CoreCacheError', 'INVALID_INPUT', 400],
    ['CoreEventsError', 'UNKNOWN_EVENT_TYPE', 400],
    ['CoreEventsError', 'INVALID_EVENT', 400],
    ['CoreEventsError', 'QUEUE_FULL', 503],
    ['CoreEventsError', 'CLOSED', 503],
    ['CoreDbError', 'UNKNOWN_MIGRATION', 500],
    ['CoreDbError', 'SOMETHING_NEW', 500],
  ])('maps %s %s to %i', async (name, code, status) => {
    const { res, body } = await answer(() => coded(name, code))
    expect(res.status).toBe(status)
    expect(body.code).toBe(code === 'SOMETHING_NEW' ? 'INTERNAL' : code)
    expect(body.detail === 'visible detail').toBe(status < 500)
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    if (code === 'QUEUE_FULL') expect(body.retryable).toBe(true)
  })

  it('answers an unknown error with 500 and no internals, and logs it in full', async () => {
    const error = new Error('select * from secret')
    const { res, body, logged } = await answer(() => error)
    expect(res.status).toBe(500)
    const text = JSON.stringify(body)
    expect(text).not.toContain('secret')
    expect(text).not.toContain('at ')
    expect(body).toMatchObject({
      code: 'INTERNAL',
      title: 'Internal Server Error',
      traceId: TRACE_ID,
    })
    expect(body.detail).toBe(`An unexpected error occurred. Trace id: ${TRACE_ID}.`)
    expect(logged).toEqual([
      {
        level: 'error',
        fields: expect.objectContaining({
          err: error,
          traceId: TRACE_ID,
          method: 'GET',
          path: '/throw',
        }) as unknown,
      },
    ])
  })

  it('does not trust codes on errors of unknown names', async () => {
    const { res, body } = await answer(() =>
      coded('SomeLibraryError', 'FORBIDDEN', 'library internals'),
    )
    expect(res.status).toBe(500)
    expect(JSON.stringify(body)).not.toContain('library internals')
  })

  it('keeps an HTTPException status and headers', async () => {
    const res401 = new Response(null, {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    })
    const { res, body } = await answer(
      () => new HTTPException(401, { message: 'token expired', res: res401 }),
    )
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(body).toMatchObject({ code: 'UNAUTHORIZED', detail: 'token expired' })
    const hidden = await answer(() => new HTTPException(500, { message: 'pool exhausted' }))
    expect(JSON.stringify(hidden.body)).not.toContain('pool')
  })

  it('answers an oversized body with 413', async () => {
    const { app } = setup()
    const res = await app.request('/upload', { method: 'POST', body: 'x'.repeat(64) })
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      title: 'Content Too Large',
    })
  })

  it('answers validation failures with field errors at dot paths', async () => {
    const { app } = setup()
    const res = await app.request('/login', {
      method: 'POST',
      body: JSON.stringify({ email: 'nope' }),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'body.email', message: 'must be an e-mail address' }],
    })
  })

  it('answers a ValiError and a package error with issues with field errors', async () => {
    const schema = v.object({ items: v.array(v.object({ sku: v.string('must be a string') })) })
    const vali = await answer(() => v.parse(schema, { items: [{ sku: 1 }] }))
    expect(vali.res.status).toBe(400)
    expect(vali.body).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'items.0.sku', message: 'must be a string' }],
    })
    const tenant = await answer(() =>
      Object.assign(coded('CoreTenantError', 'INVALID_INPUT'), {
        issues: [{ path: 'slug', message: 'too short' }],
      }),
    )
    expect(tenant.body.errors).toEqual([{ path: 'slug', message: 'too short' }])
  })

  it('omits the trace id when none is set', async () => {
    const { app } = setup(() => coded('CoreAuthError', 'FORBIDDEN'))
    const body = (await (
      await app.request('/throw', { headers: { 'x-trace': 'off' } })
    ).json()) as object
    expect(body).not.toHaveProperty('traceId')
  })

  it('accepts a pino logger', () => {
    const logger: ErrorLogger = pino({ level: 'silent' })
    expect(typeof createErrorHandler({ logger })).toBe('function')
  })
})

/** The error Node gives for a connection to a local port nothing listens on (a stopped server). */
async function connectionRefused(): Promise<Error> {
  const listener = createServer()
  listener.listen(0, '127.0.0.1')
  await once(listener, 'listening')
  const { port } = listener.address() as AddressInfo
  await new Promise((closed) => listener.close(closed))
  const socket = connect(port, '127.0.0.1')
  const [error] = (await once(socket, 'error')) as [Error]
  return error
}

/** What `pg` rejects with after `pg_terminate_backend`: a `DatabaseError` (named `error`). */
const adminShutdown = () =>
  Object.assign(new Error('terminating connection due to administrator command'), {
    name: 'error',
    severity: 'FATAL',
    code: '57P01',
    routine: 'ProcessInterrupts',
  })

describe('createErrorHandler when the database cannot be reached', () => {
  it('answers a refused connection with 503 DATABASE_UNAVAILABLE and Retry-After, logging the address', async () => {
    const refused = await connectionRefused()
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' })
    const { res, body, logged } = await answer(() => refused)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Database Unavailable',
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      instance: '/throw',
      traceId: TRACE_ID,
      retryable: true,
    })
    // The driver's message (with the address) goes to the log at warn, never to the client.
    expect(refused.message).toContain('127.0.0.1')
    expect(JSON.stringify(body)).not.toContain('127.0.0.1')
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED')
    expect(logged).toEqual([
      {
        level: 'warn',
        fields: expect.objectContaining({ err: refused, code: 'DATABASE_UNAVAILABLE' }) as unknown,
      },
    ])
  })

  it.each([
    ['a terminated backend (SQLSTATE 57P01)', adminShutdown],
    [
      'a connection failure (SQLSTATE class 08)',
      () => coded('error', '08006', 'connection failure'),
    ],
    ['a dropped connection', () => new Error('Connection terminated unexpectedly')],
    ['a pool timeout', () => new Error('timeout exceeded when trying to connect')],
    ['a closed PGlite', () => new Error('PGlite is closed')],
    [
      'a lost connection as the cause',
      () => new Error('The database connection was lost: …', { cause: adminShutdown() }),
    ],
    [
      'a package error over a lost connection',
      () => Object.assign(coded('CoreDbError', 'MIGRATION_FAILED'), { cause: adminShutdown() }),
    ],
  ])('recognises %s', async (_, thrown) => {
    const { res, body, logged } = await answer(thrown)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true })
    expect(body).not.toHaveProperty('detail')
    expect(logged.map((entry) => entry.level)).toEqual(['warn'])
  })

  it('recognises a value that is not an Error (Hono hands only Errors to onError)', () => {
    expect(errorToProblem({ code: 'ECONNRESET' }, catalog)).toEqual({
      init: { code: 'DATABASE_UNAVAILABLE' },
      headers: { 'Retry-After': '1' },
      log: 'warn',
    })
  })

  it('keeps a failing query, a caller error and a retryable code as they are', async () => {
    const syntax = await answer(() =>
      Object.assign(new Error('syntax error at or near "selec"'), { name: 'error', code: '42601' }),
    )
    expect(syntax.res.status).toBe(500)
    expect(syntax.res.headers.get('retry-after')).toBeNull()
    const caller = await answer(() =>
      Object.assign(coded('CoreTenantError', 'NOT_FOUND'), { cause: adminShutdown() }),
    )
    expect(caller.res.status).toBe(404)
    const queue = await answer(() =>
      Object.assign(coded('CoreEventsError', 'QUEUE_FULL'), { cause: adminShutdown() }),
    )
    expect(queue.body.code).toBe('QUEUE_FULL')
  })
})

describe('notFound', () => {
  it('answers unknown routes with a 404 problem', async () => {
    const { app } = setup()
    const res = await app.request('/nowhere', { method: 'DELETE' })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'No route for DELETE /nowhere.',
      instance: '/nowhere',
      traceId: TRACE_ID,
    })
  })
})
