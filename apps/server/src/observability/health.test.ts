import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createHealth, type HealthOptions } from './health'

function app(options: HealthOptions) {
  const health = createHealth(options)
  const server = new Hono()
  server.get('/health/live', health.live)
  server.get('/health/ready', health.ready)
  server.get('/health/modules', health.modules)
  return server
}

const pass = () => Promise.resolve()
const fail = (message: string) => () => Promise.reject(new Error(message))

describe('createHealth', () => {
  it('answers liveness with 200 and no caching', async () => {
    const res = await app({ checks: [] }).request('/health/live')
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('is ready when every check passes, listing each with its duration and details', async () => {
    let clock = 0
    const res = await app({
      checks: [
        { name: 'database', critical: true, check: pass },
        { name: 'cache', critical: false, check: () => Promise.resolve({ details: { size: 3 } }) },
      ],
      now: () => (clock += 0.5), // both start at once, so each sees two ticks: 1 ms
    }).request('/health/ready')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; checks: Record<string, unknown>[] }
    expect(body.status).toBe('ok')
    const [database, cache] = body.checks
    expect(database).toEqual({ name: 'database', critical: true, status: 'pass', durationMs: 1 })
    expect(cache).toEqual({
      name: 'cache',
      critical: false,
      status: 'pass',
      durationMs: 1,
      details: { size: 3 },
    })
  })

  it('answers 503 when a critical check fails, with its message and no stack', async () => {
    const res = await app({
      checks: [
        { name: 'database', critical: true, check: fail('connection refused') },
        { name: 'cache', critical: false, check: pass },
      ],
    }).request('/health/ready')
    expect(res.status).toBe(503)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({
      status: 'down',
      checks: [
        { name: 'database', status: 'fail', error: 'connection refused' },
        { name: 'cache', status: 'pass' },
      ],
    })
    expect(text).not.toContain('at ')
    expect(text).not.toContain('stack')
  })

  it('stays ready but degraded when only a non-critical check fails', async () => {
    const res = await app({
      checks: [
        { name: 'database', critical: true, check: pass },
        {
          name: 'transport',
          critical: false,
          check: () => {
            throw new Error('nats unreachable') // a synchronous throw counts too
          },
        },
      ],
    }).request('/health/ready')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      status: 'degraded',
      checks: [
        { status: 'pass' },
        { name: 'transport', status: 'fail', error: 'nats unreachable' },
      ],
    })
  })

  it('fails a check that outlives its timeout, within the timeout, running checks in parallel', async () => {
    const hang = () => new Promise<void>(() => {})
    const started = performance.now()
    const res = await app({
      checks: [
        { name: 'database', critical: true, timeoutMs: 50, check: hang },
        { name: 'cache', critical: false, timeoutMs: 50, check: hang },
      ],
    }).request('/health/ready')
    const took = performance.now() - started
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      status: 'down',
      checks: [
        { name: 'database', status: 'fail', error: 'Timed out after 50 ms' },
        { name: 'cache', status: 'fail', error: 'Timed out after 50 ms' },
      ],
    })
    expect(took).toBeGreaterThanOrEqual(45)
    expect(took).toBeLessThan(1000) // far below "forever", with room for a slow CI machine
  })

  it('lists per-module health', async () => {
    const modules = {
      content: { enabled: true, healthy: true },
      commerce: { enabled: true, healthy: false, details: { reason: 'index lagging' } },
      blog: { enabled: false, healthy: true },
    }
    const res = await app({ checks: [], modules: () => Promise.resolve(modules) }).request(
      '/health/modules',
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'degraded', modules })

    const none = await app({ checks: [] }).request('/health/modules')
    expect(await none.json()).toEqual({ status: 'ok', modules: {} })
  })

  it('answers 503 when module health cannot be read', async () => {
    const res = await app({ checks: [], modules: fail('registry closed') }).request(
      '/health/modules',
    )
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'down', error: 'registry closed' })
  })
})
