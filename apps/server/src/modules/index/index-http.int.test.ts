import { createEventDispatcher } from '@rustok/core-events'
import { createRelay, dispatcherTransport } from '@rustok/outbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTestServer,
  TEST_PASSWORD,
  type TestServer,
} from '../../testing/test-server.test-helper'

interface Hit {
  readonly id: string
  readonly title: string
  readonly textLocale: string
  readonly snippet: string | null
}
interface SearchPage {
  readonly items: readonly Hit[]
  readonly total: number
  readonly nextCursor: string | null
  readonly stale: boolean
  readonly facets?: Record<string, readonly { value: string; label: string; count: number }[]>
}

/**
 * The index's user story over HTTP: an admin enables content, commerce and the index, writes an
 * article in two languages and a product; once the relay has delivered the events, a reader
 * without a token finds them by stemmed words and prefixes in either language, the admin search
 * also sees drafts, the status shows no lag, a rebuild switches generations and the drift check
 * finds nothing.
 */
describe('index over HTTP', () => {
  let server: TestServer
  let token: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T
  let drain: () => Promise<void>

  beforeAll(async () => {
    server = await createTestServer()
    const dispatcher = createEventDispatcher({ maxAttempts: 1 })
    for (const handler of server.services.composed.handlers) dispatcher.register(handler)
    const relay = createRelay({
      db: server.services.db,
      catalog: server.services.catalog,
      transport: dispatcherTransport(dispatcher),
    })
    drain = async () => {
      while ((await relay.runOnce()) > 0);
    }
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
    const locale = await server.request('POST', '/api/admin/locales', {
      token,
      body: { code: 'ru', fallback: 'en' },
    })
    expect(locale.status).toBe(201)
  }, 120_000)
  afterAll(() => server.destroy())

  const search = async (path: string, auth?: string) => {
    const response = await server.request('GET', path, auth ? { token: auth } : {})
    expect(response.status).toBe(200)
    return json<SearchPage>(response)
  }

  it('finds published writes by stemmed words and prefixes, per locale, after the projection', async () => {
    const created = await server.request('POST', '/api/content/nodes', {
      token,
      body: {
        kind: 'article',
        status: 'published',
        translations: [
          { locale: 'en', title: 'Running in the mountains' },
          { locale: 'ru', title: 'Бег в горах' },
        ],
        bodies: [{ locale: 'en', body: 'Trail runners love **steep** climbs.' }],
      },
    })
    expect(created.status).toBe(201)
    await server.request('POST', '/api/content/nodes', {
      token,
      body: { kind: 'article', translations: [{ locale: 'en', title: 'Running draft' }] },
    })
    const product = await server.request('POST', '/api/commerce/products', {
      token,
      body: { translations: [{ locale: 'en', title: 'Trail shoes' }], tags: ['outdoor'] },
    })
    expect(product.status).toBe(201)
    const { id: productId } = await json<{ id: string }>(product)
    expect(
      (await server.request('POST', `/api/commerce/products/${productId}/publish`, { token }))
        .status,
    ).toBe(200)

    // Before the relay runs, the read model has not seen the writes; `after` waits then says stale.
    const status = await json<{ position: string }>(
      await server.request('GET', '/api/admin/index/status', { token }),
    )
    const early = await search(`/api/public/search/content?q=run&after=${status.position}`)
    expect(early).toMatchObject({ total: 0, stale: true })
    await drain()

    const en = await search('/api/public/search/content?q=runs&facets=true')
    expect(en.items.map((hit) => hit.title)).toEqual(['Running in the mountains'])
    expect(en.items[0]!.snippet).toContain('<mark>')
    expect(en.stale).toBe(false)
    const ru = await search('/api/public/search/content?locale=ru&q=гора')
    expect(ru.items.map((hit) => [hit.title, hit.textLocale])).toEqual([['Бег в горах', 'ru']])
    const prefix = await search('/api/public/search/content?q=mount')
    expect(prefix.total).toBe(1)
    const admin = await search('/api/admin/index/search/content?q=running', token)
    expect(admin.total).toBe(2)
    const products = await search('/api/public/search/products?q=tra&facets=true')
    expect(products.items.map((hit) => hit.title)).toEqual(['Trail shoes'])
    expect(products.facets?.['tag']).toEqual([{ value: 'outdoor', label: 'outdoor', count: 1 }])
    // Another tenant sees none of it.
    const globex = await server.request('GET', '/api/public/search/content?q=running', {
      tenant: server.globex.tenant,
    })
    expect(globex.status).toBe(404) // the index module is not enabled for globex
  })

  it('rebuilds beside the live index, switches, and finds no drift', async () => {
    const activeGeneration = async (): Promise<number> => {
      const body = await json<{ entities: { rebuild: { entity: string; active: number } }[] }>(
        await server.request('GET', '/api/admin/index/status', { token }),
      )
      return body.entities.find((e) => e.rebuild.entity === 'content')!.rebuild.active
    }
    // Enabling the tenant's second locale starts a rebuild of its own (index-locales handler),
    // which may finish before, during or after this one: each switch raises the generation.
    const before = await activeGeneration()
    const started = await server.request('POST', '/api/admin/index/rebuilds', {
      token,
      body: { entity: 'content', batchSize: 1 },
    })
    expect(started.status).toBe(202)
    let active = before
    for (let i = 0; i < 100 && active === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      active = await activeGeneration()
    }
    expect(active).toBeGreaterThan(before)
    expect((await search('/api/public/search/content?q=running')).total).toBe(1)
    const drift = await server.request('POST', '/api/admin/index/drift', {
      token,
      body: { entity: 'content' },
    })
    expect(await json(drift)).toMatchObject({ missing: [], stale: [], orphaned: [] })
  })

  it('answers bad input with field errors', async () => {
    const cases: [string, string][] = [
      ['/api/public/search/content?cursor=nonsense', 'query.cursor'],
      ['/api/public/search/products?sort=price', 'query.currency'],
      ['/api/public/search/products?priceMin=-1', 'query.priceMin'],
      ['/api/public/search/content?limit=1000', 'query.limit'],
    ]
    for (const [path, field] of cases) {
      const response = await server.request('GET', path)
      expect(response.status).toBe(400)
      const problem = await json<{ errors: { path: string }[] }>(response)
      expect(problem.errors.map((error) => error.path)).toContain(field)
    }
  })
})
