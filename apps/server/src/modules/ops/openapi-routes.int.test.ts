import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiContractProblems, openApiPath } from '@rustok/http'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

interface Doc {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, Record<string, unknown>>>
}

describe('GET /openapi.json (D3, Q4)', () => {
  let server: TestServer
  let doc: Doc
  beforeAll(async () => {
    server = await createTestServer()
    const res = await server.request('GET', '/openapi.json', { tenant: null })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    doc = (await res.json()) as Doc
  })
  afterAll(() => server.destroy())

  it('describes every mounted route and passes the structural contract checks', () => {
    expect(server.routes.length).toBeGreaterThan(5)
    expect(openApiContractProblems(doc, server.routes)).toEqual([])
    const operations = Object.values(doc.paths).flatMap((item) => Object.keys(item))
    expect(operations).toHaveLength(server.routes.length)
  })

  it('is the reviewed document: any change to the API shows up in __snapshots__/openapi.json', async () => {
    // Keys sorted, so the snapshot changes only when the API does, not when modules are reordered.
    // Regenerate after an intended API change with `pnpm vitest run <this file> -u`.
    const sorted = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sorted)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.keys(value)
                .sort()
                .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
            )
          : value
    await expect(JSON.stringify(sorted(doc), null, 2)).toMatchFileSnapshot(
      './__snapshots__/openapi.json',
    )
  })

  it('is titled RusToK API with the server package version', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string }
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info).toMatchObject({ title: 'RusToK API', version })
  })

  it('marks the platform routes public and every other route as needing its token', () => {
    for (const route of server.routes) {
      const op = doc.paths[openApiPath(route.path).path]?.[route.method]
      expect(op?.security, route.operationId).toEqual(
        route.access.kind === 'public' ? [] : [{ bearerAuth: [] }],
      )
      if (route.access.kind === 'permission') {
        expect(op?.['x-required-permission'], route.operationId).toBe(route.access.permission)
      }
    }
    expect(doc.paths['/openapi.json']?.get?.operationId).toBe('getOpenApiDocument')
  })

  it('names the tenant header of the configuration', async () => {
    const res = await server.request('GET', '/openapi.json', { tenant: null })
    const body = (await res.json()) as { components: { parameters: Record<string, unknown> } }
    expect(body.components.parameters.TenantHeader).toMatchObject({
      name: server.services.config.tenancy.headerName,
      in: 'header',
      required: true,
    })
  })

  it('answers 304 to a client that has the current document', async () => {
    const first = await server.request('GET', '/openapi.json', { tenant: null })
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await server.request('GET', '/openapi.json', {
      tenant: null,
      headers: { 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const stale = await server.request('GET', '/openapi.json', {
      tenant: null,
      headers: { 'if-none-match': '"old"' },
    })
    expect(stale.status).toBe(200)
  })
})
