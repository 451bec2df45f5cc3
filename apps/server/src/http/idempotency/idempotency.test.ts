import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import { createErrorHandler, type AppEnv } from '@rustok/http'
import { createLogger } from '../../observability/logger'
import { idempotency } from './idempotency'
import { createMemoryIdempotencyStore } from './memory-idempotency-store'

function server() {
  const calls = { count: 0 }
  let gate: Promise<void> = Promise.resolve()
  const app = new Hono<AppEnv>()
  app.onError(createErrorHandler({ logger: createLogger({ level: 'silent' }) }))
  app.use('*', async (c, next) => {
    c.set('tenantId', c.req.header('x-test-tenant') ?? 't1')
    const user = c.req.header('x-test-user')
    if (user) c.set('userId', user)
    await next()
  })
  app.use('*', idempotency({ store: createMemoryIdempotencyStore() }))
  app.post('/things', async (c) => {
    calls.count++
    await gate
    const body = await c.req.json<{
      name: string
      status?: number
      fail?: boolean
      refuse?: 404 | 409
    }>()
    if (body.fail) throw new Error('boom')
    // A thrown error the error handler answers with a 4xx (a conflict raised deep in a service).
    if (body.refuse) throw new HTTPException(body.refuse, { message: 'refused' })
    const status = (body.status ?? 201) as 201
    c.header('Location', `/things/${String(calls.count)}`)
    c.header('X-Per-Request', String(calls.count))
    return c.json({ name: body.name, call: calls.count }, status)
  })
  const post = (body: unknown, headers: Record<string, string> = {}, path = '/things') =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    })
  const hold = () => {
    let open = (): void => undefined
    gate = new Promise((resolve) => (open = resolve))
    return () => open()
  }
  return { calls, post, hold }
}

describe('idempotency', () => {
  it('runs every request that has no Idempotency-Key', async () => {
    const { calls, post } = server()
    await post({ name: 'a' })
    const second = await post({ name: 'a' })
    expect(calls.count).toBe(2)
    expect(second.headers.get('Idempotent-Replayed')).toBeNull()
  })

  it('replays the stored status, body, Content-Type and Location, without running again', async () => {
    const { calls, post } = server()
    const first = await post({ name: 'a' }, { 'Idempotency-Key': 'k-1' })
    const again = await post({ name: 'a' }, { 'Idempotency-Key': 'k-1' })
    expect(calls.count).toBe(1)
    expect(first.headers.get('Idempotent-Replayed')).toBeNull()
    expect(again.status).toBe(201)
    expect(again.headers.get('Idempotent-Replayed')).toBe('true')
    expect(again.headers.get('Location')).toBe('/things/1')
    expect(again.headers.get('Content-Type')).toBe(first.headers.get('Content-Type'))
    expect(again.headers.get('X-Per-Request')).toBeNull()
    expect(await again.text()).toBe(await first.text())
  })

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body or path', async () => {
    const { calls, post } = server()
    await post({ name: 'a' }, { 'Idempotency-Key': 'k-1' })
    const otherBody = await post({ name: 'b' }, { 'Idempotency-Key': 'k-1' })
    expect(otherBody.status).toBe(422)
    expect(await otherBody.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' })
    const otherPath = await post({ name: 'a' }, { 'Idempotency-Key': 'k-1' }, '/things?x=1')
    expect(otherPath.status).toBe(422)
    expect(calls.count).toBe(1)
  })

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'cl\u00e9'],
    ['with a tab', 'a\tb'],
  ])(
    'refuses a key that is %s with 400 INVALID_INPUT on headers.idempotency-key',
    async (_, key) => {
      const { calls, post } = server()
      const response = await post({ name: 'a' }, { 'Idempotency-Key': key })
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({
        code: 'INVALID_INPUT',
        errors: [{ path: 'headers.idempotency-key' }],
      })
      expect(calls.count).toBe(0)
    },
  )

  it('accepts a key of 255 printable characters', async () => {
    const { post } = server()
    expect((await post({ name: 'a' }, { 'Idempotency-Key': '~'.repeat(255) })).status).toBe(201)
  })

  it('stores 4xx answers but not 5xx or thrown errors, so those can be retried', async () => {
    const { calls, post } = server()
    const key = { 'Idempotency-Key': 'k-2' }
    expect((await post({ name: 'a', status: 503 }, key)).status).toBe(503)
    expect((await post({ name: 'a', status: 503 }, key)).status).toBe(503)
    expect(calls.count).toBe(2)
    const thrown = { 'Idempotency-Key': 'k-3' }
    expect((await post({ name: 'a', fail: true }, thrown)).status).toBe(500)
    expect((await post({ name: 'a', fail: true }, thrown)).status).toBe(500)
    expect(calls.count).toBe(4)
    const refused = { 'Idempotency-Key': 'k-4' }
    expect((await post({ name: 'a', status: 409 }, refused)).status).toBe(409)
    const replayed = await post({ name: 'a', status: 409 }, refused)
    expect(replayed.status).toBe(409)
    expect(replayed.headers.get('Idempotent-Replayed')).toBe('true')
    expect(calls.count).toBe(5)
  })

  it('does not store a thrown error even when it is answered with a 4xx, so a retry runs again', async () => {
    const { calls, post } = server()
    for (const refuse of [409, 404] as const) {
      const key = { 'Idempotency-Key': `k-thrown-${refuse}` }
      const first = await post({ name: 'a', refuse }, key)
      const retry = await post({ name: 'a', refuse }, key)
      expect([first.status, retry.status]).toEqual([refuse, refuse])
      expect(retry.headers.get('Idempotent-Replayed')).toBeNull()
    }
    expect(calls.count).toBe(4)
  })

  it('answers 409 CONFLICT, retryable, while the first request with the key still runs', async () => {
    const { calls, post, hold } = server()
    const open = hold()
    const first = post({ name: 'a' }, { 'Idempotency-Key': 'k-5' })
    await new Promise((resolve) => setTimeout(resolve, 10))
    const concurrent = await post({ name: 'a' }, { 'Idempotency-Key': 'k-5' })
    expect(concurrent.status).toBe(409)
    expect(concurrent.headers.get('Retry-After')).toBe('1')
    expect(await concurrent.json()).toMatchObject({ code: 'CONFLICT', retryable: true })
    open()
    expect((await first).status).toBe(201)
    expect(calls.count).toBe(1)
  })

  it('scopes keys to the tenant and the user', async () => {
    const { calls, post } = server()
    const key = 'shared-key'
    await post({ name: 'a' }, { 'Idempotency-Key': key, 'x-test-tenant': 't1' })
    await post({ name: 'a' }, { 'Idempotency-Key': key, 'x-test-tenant': 't2' })
    await post(
      { name: 'a' },
      { 'Idempotency-Key': key, 'x-test-tenant': 't1', 'x-test-user': 'u1' },
    )
    await post(
      { name: 'a' },
      { 'Idempotency-Key': key, 'x-test-tenant': 't1', 'x-test-user': 'u2' },
    )
    expect(calls.count).toBe(4)
    const again = await post({ name: 'a' }, { 'Idempotency-Key': key, 'x-test-tenant': 't2' })
    expect(await again.json()).toEqual({ name: 'a', call: 2 })
  })

  it('on a route without authentication, scopes keys to the bearer credential sent, if any', async () => {
    // A storefront route reads an optional token in its handler: no user is set before the key
    // is claimed, so the credential itself keeps a guest from a customer's stored response.
    const { calls, post } = server()
    const key = 'shared-key'
    const asCustomer = { 'Idempotency-Key': key, authorization: 'Bearer token-of-a-customer' }
    const first = await post({ name: 'a' }, asCustomer)
    const guest = await post({ name: 'a' }, { 'Idempotency-Key': key })
    const otherToken = await post(
      { name: 'a' },
      { 'Idempotency-Key': key, authorization: 'Bearer another-token' },
    )
    expect(calls.count).toBe(3)
    expect(guest.headers.get('Idempotent-Replayed')).toBeNull()
    expect(otherToken.headers.get('Idempotent-Replayed')).toBeNull()
    const again = await post({ name: 'a' }, asCustomer)
    expect(again.headers.get('Idempotent-Replayed')).toBe('true')
    expect(await again.text()).toBe(await first.text())
  })
})
