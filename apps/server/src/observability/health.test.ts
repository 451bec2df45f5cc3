import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createHealth, type HealthLogger, type HealthOptions } from './health'

function app(options: HealthOptions) {
  const health = createHealth(options)
  const server = new Hono()
  server.get('/health/live', health.live)
  server.get('/health/ready', health.ready)
  server.get('/health/modules', health.modules)
  return server
}

const pass = () => Promise.resolve()

/** A logger that keeps what it is given. */
function recordingLogger() {
  const warned: Record<string, unknown>[] = []
  const logger: HealthLogger = { warn: (fields) => warned.push(fields as Record<string, unknown>) }
  return { logger, warned }
}

/** What `pg` rejects with when the database's port is closed. */
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55433'), {
    code: 'ECONNREFUSED',
    address: '127.0.0.1',
    port: 55433,
  })

describe('createHealth', () => {
  it('answers liveness with 200 and no caching', async () => {
    const res = await app({ checks: [] }).request('/health/live')
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('is ready when every check passes, listing each with its duration and no details (a public answer)', async () => {
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
    })
  })

  it('answers 503 when a critical check fails, logging the failure and answering no message, address or stack', async () => {
    const { logger, warned } = recordingLogger()
    const error = refused()
    const res = await app({
      checks: [
        { name: 'database', critical: true, check: () => Promise.reject(error) },
        { name: 'cache', critical: false, check: pass },
      ],
      logger,
    }).request('/health/ready')
    expect(res.status).toBe(503)
    const text = await res.text()
    const body = JSON.parse(text) as { checks: Record<string, unknown>[] }
    expect(body).toMatchObject({
      status: 'down',
      checks: [
        { name: 'database', critical: true, status: 'fail', error: 'unavailable' },
        { name: 'cache', status: 'pass' },
      ],
    })
    expect(Object.keys(body.checks[0] ?? {}).sort()).toEqual([
      'critical',
      'durationMs',
      'error',
      'name',
      'status',
    ])
    expect(text).not.toContain('127.0.0.1')
    expect(text).not.toContain('55433')
    expect(text).not.toContain('ECONNREFUSED')
    expect(text).not.toContain('at ')
    expect(text).not.toContain('stack')
    // The operator still gets the real failure.
    expect(warned).toEqual([{ check: 'database', critical: true, err: error }])
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
      checks: [{ status: 'pass' }, { name: 'transport', status: 'fail', error: 'unavailable' }],
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
        { name: 'database', status: 'fail', error: 'timed out' },
        { name: 'cache', status: 'fail', error: 'timed out' },
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

    // A module whose check threw: its message is logged, not answered.
    const { logger, warned } = recordingLogger()
    const failing = { enabled: true, healthy: false, error: 'connect ECONNREFUSED 10.1.2.3:4222' }
    const broken = await app({
      checks: [],
      modules: () => Promise.resolve({ ...modules, search: failing }),
      logger,
    }).request('/health/modules')
    expect(await broken.json()).toEqual({
      status: 'degraded',
      modules: { ...modules, search: { ...failing, error: 'unavailable' } },
    })
    expect(warned).toEqual([{ module: 'search', error: failing.error }])

    const none = await app({ checks: [] }).request('/health/modules')
    expect(await none.json()).toEqual({ status: 'ok', modules: {} })
  })

  it('answers 503 when module health cannot be read, logging why', async () => {
    const { logger, warned } = recordingLogger()
    const error = refused()
    const res = await app({ checks: [], modules: () => Promise.reject(error), logger }).request(
      '/health/modules',
    )
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'down', error: 'unavailable' })
    expect(warned).toEqual([{ err: error }])
  })
})
