import { once } from 'node:events'
import { connect, createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServerApp } from '../../compose/create-server-app'
import type { Services } from '../../compose/services'
import type { HealthCheck } from '../../observability/health'
import { createLogger } from '../../observability/logger'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'
import type { ComposedModule, ModuleSetup } from '@rustok/http'
import { moduleHealth } from './module-health'

/** The full app over the test server's services with some parts replaced. */
function appWith(server: TestServer, changes: Partial<Services>) {
  return createServerApp({ ...server.services, ...changes }).app
}

const never = () => new Promise<never>(() => {})

/** A real `connect ECONNREFUSED 127.0.0.1:<port>`: a local port nothing listens on any more. */
async function connectionRefused(): Promise<Error> {
  const listener = createServer()
  listener.listen(0, '127.0.0.1')
  await once(listener, 'listening')
  const { port } = listener.address() as AddressInfo
  await new Promise((closed) => listener.close(closed))
  const [error] = (await once(connect(port, '127.0.0.1'), 'error')) as [Error]
  return error
}

describe('health routes (P5)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer()
  })
  afterAll(() => server.destroy())

  it('answers liveness without a tenant', async () => {
    const res = await server.request('GET', '/health/live', { tenant: null })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('is ready when the database answers, reporting the check', async () => {
    const res = await server.request('GET', '/health/ready', { tenant: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as { status: string; checks: { name: string }[] }
    expect(body).toMatchObject({
      status: 'ok',
      checks: [
        { name: 'database', critical: true, status: 'pass' },
        { name: 'outbox', critical: false, status: 'pass' },
        { name: 'tenant-cache', critical: false, status: 'pass' },
        { name: 'index-projection', critical: false, status: 'pass' },
      ],
    })
    // A public probe learns pass or fail, not the outbox's counts or the cache's sizes.
    for (const check of body.checks) {
      expect(Object.keys(check).sort()).toEqual(['critical', 'durationMs', 'name', 'status'])
    }
  })

  it('answers 503 when a critical check fails, 200 degraded when another one does', async () => {
    const failing = (name: string, critical: boolean): HealthCheck => ({
      name,
      critical,
      check: () => Promise.reject(new Error(`${name} unreachable`)),
    })
    const degraded = appWith(server, {
      healthChecks: [...server.services.healthChecks, failing('nats', false)],
    })
    const soft = await degraded.request('/health/ready')
    expect(soft.status).toBe(200)
    expect(await soft.json()).toMatchObject({
      status: 'degraded',
      checks: [
        { status: 'pass' },
        { status: 'pass' },
        { status: 'pass' },
        { name: 'index-projection', status: 'pass' },
        { name: 'nats', status: 'fail', error: 'unavailable' },
      ],
    })

    const down = appWith(server, { healthChecks: [failing('database', true)] })
    const hard = await down.request('/health/ready')
    expect(hard.status).toBe(503)
    expect(await hard.json()).toMatchObject({ status: 'down', checks: [{ critical: true }] })
  })

  it('keeps the address of an unreachable database out of the answer, and logs it', async () => {
    const refused = await connectionRefused()
    const lines: string[] = []
    const logger = createLogger({
      level: 'info',
      destination: { write: (line) => lines.push(line) },
    })
    const app = appWith(server, {
      logger,
      healthChecks: [
        { name: 'database', critical: true, check: () => Promise.reject(refused) },
        ...server.services.healthChecks.slice(1),
      ],
    })
    const res = await app.request('/health/ready')
    expect(res.status).toBe(503)
    const text = await res.text()
    const body = JSON.parse(text) as { status: string; checks: unknown[] }
    expect(body.status).toBe('down')
    expect(body.checks[0]).toEqual({
      name: 'database',
      critical: true,
      status: 'fail',
      durationMs: expect.any(Number) as unknown,
      error: 'unavailable',
    })
    expect(refused.message).toMatch(/^connect ECONNREFUSED 127\.0\.0\.1:\d+$/)
    expect(text).not.toContain('127.0.0.1')
    expect(text).not.toContain('ECONNREFUSED')
    expect(lines.join('')).toContain(refused.message)
  })

  it('fails a check that outlives its timeout', async () => {
    const slow = appWith(server, {
      healthChecks: [{ name: 'database', critical: true, timeoutMs: 20, check: never }],
    })
    const res = await slow.request('/health/ready')
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({
      checks: [{ name: 'database', status: 'fail', error: 'timed out' }],
    })
  })

  it('lists every module with its health; a module without a check is healthy', async () => {
    const res = await server.request('GET', '/health/modules', { tenant: null })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; modules: Record<string, unknown> }
    expect(body.status).toBe('ok')
    expect(Object.keys(body.modules)).toEqual(server.services.modules.map((m) => m.name))
    expect(body.modules.ops).toEqual({ enabled: true, toggleable: false, healthy: true })
    for (const module of server.services.modules.filter((m) => m.toggleable)) {
      expect(body.modules[module.name]).toMatchObject({ enabled: true, toggleable: true })
    }
  })

  it('reports an unhealthy or failing module and answers degraded', async () => {
    const probe = (name: string, health: ModuleSetup['health']): ComposedModule => ({
      module: { name, description: name, toggleable: true },
      setup: { services: undefined, health },
      routes: [],
    })
    const composed = {
      ...server.services.composed,
      modules: [
        ...server.services.composed.modules,
        probe('sick', () => Promise.resolve({ healthy: false, details: { backlog: 42 } })),
        probe('broken', () => Promise.reject(new Error('index offline'))),
      ],
    }
    const res = await appWith(server, { composed }).request('/health/modules')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; modules: Record<string, unknown> }
    expect(body.status).toBe('degraded')
    expect(body.modules.sick).toEqual({
      enabled: true,
      toggleable: true,
      healthy: false,
      details: { backlog: 42 },
    })
    expect(body.modules.broken).toEqual({
      enabled: true,
      toggleable: true,
      healthy: false,
      error: 'unavailable',
    })
  })

  it('counts a module check that outlives its timeout as unhealthy', async () => {
    const slow: ComposedModule = {
      module: { name: 'slow', description: 'slow' },
      setup: { services: undefined, health: never },
      routes: [],
    }
    const report = await moduleHealth([slow], { timeoutMs: 20 })
    expect(report.slow).toMatchObject({ healthy: false, error: 'Timed out after 20 ms' })
  })
})
