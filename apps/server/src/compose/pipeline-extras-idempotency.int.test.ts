import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serverModules } from '../modules/server-modules'
import {
  createTestServer,
  TEST_MODULE_OPTIONS,
  type TestServer,
} from '../testing/test-server.test-helper'
import { createPipelineExtras } from './pipeline-extras'
import { pipelineTestModule, type PipelineProbe } from './pipeline-extras.test-helper'

const THINGS = '/api/pipeline-test/things'

describe('Idempotency-Key through the server', () => {
  const probe: PipelineProbe = { calls: 0, gate: Promise.resolve() }
  let server: TestServer
  beforeAll(async () => {
    server = await createTestServer({
      modules: [...serverModules(TEST_MODULE_OPTIONS), pipelineTestModule(probe)],
      extras: (services) => createPipelineExtras(services),
    })
  })
  afterAll(() => server.destroy())

  const create = (key: string | undefined, body: unknown, as = server.acme) =>
    server.request('POST', THINGS, {
      tenant: as.tenant,
      token: as.admin.accessToken,
      body,
      headers: key === undefined ? {} : { 'Idempotency-Key': key },
    })

  it('runs the handler once for the same key and body, and replays the identical response', async () => {
    const before = probe.calls
    const first = await create('order-1', { name: 'lamp' })
    const second = await create('order-1', { name: 'lamp' })
    expect(probe.calls - before).toBe(1)
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(first.headers.get('Idempotent-Replayed')).toBeNull()
    expect(second.headers.get('Idempotent-Replayed')).toBe('true')
    expect(second.headers.get('Location')).toBe(first.headers.get('Location'))
    expect(second.headers.get('Content-Type')).toBe(first.headers.get('Content-Type'))
    expect(await second.text()).toBe(await first.text())
  })

  it('runs every request without a key', async () => {
    const before = probe.calls
    await create(undefined, { name: 'lamp' })
    await create(undefined, { name: 'lamp' })
    expect(probe.calls - before).toBe(2)
  })

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
    await create('order-2', { name: 'lamp' })
    const before = probe.calls
    const reused = await create('order-2', { name: 'chair' })
    expect(reused.status).toBe(422)
    expect(reused.headers.get('Content-Type')).toContain('application/problem+json')
    expect(await reused.json()).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' })
    expect(probe.calls).toBe(before)
  })

  it('keeps the same key of two tenants apart', async () => {
    const before = probe.calls
    const acme = await create('shared-key', { name: 'lamp' })
    const globex = await create('shared-key', { name: 'lamp' }, server.globex)
    expect(probe.calls - before).toBe(2)
    expect(globex.headers.get('Idempotent-Replayed')).toBeNull()
    expect(await acme.json()).toMatchObject({ tenantId: server.acme.tenant.id })
    expect(await globex.json()).toMatchObject({ tenantId: server.globex.tenant.id })
  })

  it('keeps the same key of two users of one tenant apart', async () => {
    const before = probe.calls
    await create('per-user', { name: 'lamp' })
    const other = await server.request('POST', THINGS, {
      token: server.superAdmin.accessToken,
      body: { name: 'lamp' },
      headers: { 'Idempotency-Key': 'per-user' },
    })
    expect(other.status).toBe(201)
    expect(other.headers.get('Idempotent-Replayed')).toBeNull()
    expect(probe.calls - before).toBe(2)
  })

  it('scopes anonymous callers of a public route to the tenant', async () => {
    const post = (tenant = server.acme) =>
      server.request('POST', '/api/pipeline-test/public-things', {
        tenant: tenant.tenant,
        body: { name: 'guest' },
        headers: { 'Idempotency-Key': 'guest-1' },
      })
    const before = probe.calls
    await post()
    expect((await post()).headers.get('Idempotent-Replayed')).toBe('true')
    expect((await post(server.globex)).headers.get('Idempotent-Replayed')).toBeNull()
    expect(probe.calls - before).toBe(2)
  })

  it('refuses a bad key with 400 INVALID_INPUT on headers.idempotency-key', async () => {
    const before = probe.calls
    const response = await create('k'.repeat(256), { name: 'lamp' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      code: 'INVALID_INPUT',
      errors: [{ path: 'headers.idempotency-key' }],
    })
    expect(probe.calls).toBe(before)
  })

  it('claims no key for a request that fails validation, nor for one that is refused access', async () => {
    const invalid = await create('order-3', { name: '' })
    expect(invalid.status).toBe(400)
    const forbidden = await server.request('POST', THINGS, {
      token: server.acme.customer.accessToken,
      body: { name: 'lamp' },
      headers: { 'Idempotency-Key': 'order-3' },
    })
    expect(forbidden.status).toBe(403)
    const valid = await create('order-3', { name: 'lamp' })
    expect(valid.status).toBe(201)
    expect(valid.headers.get('Idempotent-Replayed')).toBeNull()
  })

  it('does not store a 500, so the same request can be retried', async () => {
    const before = probe.calls
    expect((await create('order-4', { name: 'lamp', fail: true })).status).toBe(500)
    expect((await create('order-4', { name: 'lamp', fail: true })).status).toBe(500)
    expect(probe.calls - before).toBe(2)
  })

  it('answers 409 CONFLICT, retryable, while the first request with the key runs', async () => {
    let open = (): void => undefined
    probe.gate = new Promise((resolve) => (open = resolve))
    const first = create('order-5', { name: 'lamp' })
    let concurrent: Response | undefined
    for (let attempt = 0; attempt < 50 && concurrent?.status !== 409; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      concurrent = await create('order-5', { name: 'lamp' })
    }
    open()
    probe.gate = Promise.resolve()
    expect(concurrent?.status).toBe(409)
    expect(await concurrent?.json()).toMatchObject({ code: 'CONFLICT', retryable: true })
    expect((await first).status).toBe(201)
    const after = await create('order-5', { name: 'lamp' })
    expect(after.headers.get('Idempotent-Replayed')).toBe('true')
  })
})
