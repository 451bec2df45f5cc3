import { createEventDispatcher } from '@rustok/core-events'
import { createRelay, dispatcherTransport, type Relay } from '@rustok/outbox'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OUTBOX_POSITION_HEADER } from '../../http/outbox-position'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'

interface SearchPage {
  readonly items: readonly { readonly id: string; readonly title: string }[]
  readonly stale: boolean
}

/**
 * Read-your-writes over HTTP (ADR 0035): a write answers with the outbox position of the events
 * it wrote (`RusToK-Outbox-Position`); a search with `after=<it>` waits until the projection has
 * applied them and then finds the new document, while a relay runs as the worker runs it.
 */
describe('a write returns its outbox position, and a search after it sees the write', () => {
  let server: TestServer
  let token: string
  let relay: Relay
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T

  beforeAll(async () => {
    server = await createTestServer()
    const dispatcher = createEventDispatcher({ maxAttempts: 1 })
    for (const handler of server.services.composed.handlers) dispatcher.register(handler)
    relay = createRelay({
      db: server.services.db,
      catalog: server.services.catalog,
      transport: dispatcherTransport(dispatcher),
      pollIntervalMs: 50,
    })
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: server.acme.admin.email, password: TEST_PASSWORD },
    })
    token = (await json<{ accessToken: string }>(login)).accessToken
    for (const module of ['content', 'commerce', 'index']) {
      const enabled = await server.request('POST', `/api/admin/modules/${module}/enable`, {
        token: server.superAdmin.accessToken,
      })
      expect(enabled.status).toBe(200)
    }
  }, 120_000)
  afterAll(async () => {
    await relay.stop()
    await server.destroy()
  })

  /** The highest outbox seq of the events written under the request's correlation id. */
  const seqOfRequest = async (response: Response): Promise<string | null> => {
    const { rows } = await sql<{ seq: string | null }>`select max(seq)::text as seq
      from sys_events where correlation_id = ${response.headers.get('X-Request-Id')}::uuid`.execute(
      server.services.db,
    )
    return rows[0]?.seq ?? null
  }

  it('answers a write with the highest position it wrote, and a read with none', async () => {
    const created = await server.request('POST', '/api/commerce/products', {
      token,
      body: { translations: [{ locale: 'en', title: 'Position probe' }] },
    })
    expect(created.status).toBe(201)
    const position = created.headers.get(OUTBOX_POSITION_HEADER)
    expect(position).toMatch(/^[1-9][0-9]*$/)
    expect(position).toBe(await seqOfRequest(created))
    const read = await server.request('GET', '/api/commerce/products', { token })
    expect(read.status).toBe(200)
    expect(read.headers.get(OUTBOX_POSITION_HEADER)).toBeNull()
  })

  it('finds a new product with after=<the write position>, the relay running', async () => {
    relay.start()
    const created = await server.request('POST', '/api/commerce/products', {
      token,
      body: { translations: [{ locale: 'en', title: 'Waxed canvas jacket' }] },
    })
    expect(created.status).toBe(201)
    const { id } = await json<{ id: string }>(created)
    const published = await server.request('POST', `/api/commerce/products/${id}/publish`, {
      token,
    })
    expect(published.status).toBe(200)
    const position = published.headers.get(OUTBOX_POSITION_HEADER)
    expect(position).not.toBeNull()
    const response = await server.request(
      'GET',
      `/api/public/search/products?q=canvas&after=${position}`,
    )
    expect(response.status).toBe(200)
    const page = await json<SearchPage>(response)
    expect(page.stale).toBe(false)
    expect(page.items.map((hit) => hit.id)).toEqual([id])
  })
})
