import { createHash } from 'node:crypto'
import { readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { MediaItem, MediaListItem } from '@rustok/content'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jpeg, png } from '../../testing/images.test-helper'
import { createTestServer, type TestServer } from '../../testing/test-server.test-helper'

interface Problem {
  readonly code: string
  readonly errors?: readonly { readonly path: string; readonly message: string }[]
}

/**
 * Media over HTTP, through the whole server: multipart uploads streamed to the local disk driver,
 * types from the bytes, the size limit, texts, the public file with its caching headers, and
 * another tenant's id answering 404 everywhere.
 */
describe('content media over HTTP', () => {
  let server: TestServer
  let root: string
  const json = async <T>(response: Response): Promise<T> => (await response.json()) as T

  beforeAll(async () => {
    server = await createTestServer()
    for (const side of [server.acme, server.globex])
      await server.services.tenantModules.enableModule(side.tenant.id, 'content')
    root = join(dirname(server.services.config.database.dataDir), 'media')
  }, 120_000)
  afterAll(() => server.destroy())

  const headersFor = (side: 'acme' | 'globex', extra: Record<string, string> = {}) => ({
    [server.services.config.tenancy.headerName]: server[side].tenant.id,
    authorization: `Bearer ${server[side].admin.accessToken}`,
    ...extra,
  })

  /** Posts a form: `parts` in order, a Blob for the file. */
  const upload = (
    parts: readonly [string, string | Blob, string?][],
    side: 'acme' | 'globex' = 'acme',
  ) => {
    const form = new FormData()
    for (const [name, value, filename] of parts)
      if (typeof value === 'string') form.append(name, value)
      else form.append(name, value, filename)
    return server.app.request('/api/content/media', {
      method: 'POST',
      headers: headersFor(side),
      body: form,
    })
  }
  const file = (bytes: Buffer, type: string) => new Blob([bytes], { type })
  const files = async (tenantId: string) => readdir(join(root, tenantId)).catch(() => [])
  const rows = async (tenantId: string) =>
    (
      await sql<{
        n: number
      }>`select count(*)::int as n from content_media where tenant_id = ${tenantId}`.execute(
        server.testDb.db,
      )
    ).rows[0]?.n

  it('uploads a PNG with its texts (fields before and after the file) and serves it', async () => {
    const bytes = png(5, 3)
    const response = await upload([
      ['locale', 'en'],
      ['title', 'Grey'],
      ['file', file(bytes, 'image/png'), 'grey.png'],
      ['alt', 'A grey rectangle'],
    ])
    expect(response.status).toBe(201)
    const item = await json<MediaItem>(response)
    expect(item).toMatchObject({
      mimeType: 'image/png',
      originalName: 'grey.png',
      size: bytes.length,
      width: 5,
      height: 3,
      uploadedBy: server.acme.admin.id,
      checksum: createHash('sha256').update(bytes).digest('hex'),
      translations: [{ locale: 'en', title: 'Grey', altText: 'A grey rectangle', caption: null }],
    })
    expect(await files(server.acme.tenant.id)).toContain(item.id)

    const served = await server.request('GET', `/api/public/content/media/${item.id}/file`)
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes)
    expect(Object.fromEntries(served.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(bytes.length),
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${item.checksum}"`,
      'x-content-type-options': 'nosniff',
    })
    const again = await server.request('GET', `/api/public/content/media/${item.id}/file`, {
      headers: { 'if-none-match': `W/"other", "${item.checksum}"` },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(`"${item.checksum}"`)
    const head = await server.request('HEAD', `/api/public/content/media/${item.id}/file`)
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(bytes.length))
    expect(head.headers.get('content-type')).toBe('image/png')
    const stale = await server.request('GET', `/api/public/content/media/${item.id}/file`, {
      headers: { 'if-none-match': '"other"' },
    })
    expect(stale.status).toBe(200)
  })

  it('reads a JPEG’s width and height', async () => {
    const response = await upload([['file', file(jpeg(20, 10), 'image/jpeg'), 'x.jpg']])
    expect(response.status).toBe(201)
    expect(await json<MediaItem>(response)).toMatchObject({
      mimeType: 'image/jpeg',
      width: 20,
      height: 10,
    })
  })

  it('takes the type from the bytes: a PNG named .txt and sent as text/plain is image/png', async () => {
    const response = await upload([['file', file(png(1, 1), 'text/plain'), 'notes.txt']])
    expect(response.status).toBe(201)
    const item = await json<MediaItem>(response)
    expect(item.mimeType).toBe('image/png')
    const served = await server.request('GET', `/api/public/content/media/${item.id}/file`)
    expect(served.headers.get('content-type')).toBe('image/png')
  })

  it('refuses HTML or SVG named .png with 415 and keeps nothing', async () => {
    const { globex } = server
    const before = await files(globex.tenant.id)
    const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>')
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
    )
    for (const bytes of [html, svg]) {
      const response = await upload([['file', file(bytes, 'image/png'), 'evil.png']], 'globex')
      expect(response.status).toBe(415)
      expect((await json<Problem>(response)).code).toBe('UNSUPPORTED_MEDIA_TYPE')
    }
    expect(await files(globex.tenant.id)).toEqual(before)
    expect(await rows(globex.tenant.id)).toBe(0)
  })

  it('refuses a file over the limit with 413, leaving no file and no row', async () => {
    const { globex } = server
    // One byte over the module's default 20 MiB.
    const big = Buffer.concat([png(1, 1), Buffer.alloc(20 * 1024 * 1024 + 1 - png(1, 1).length)])
    const response = await upload([['file', file(big, 'image/png'), 'big.png']], 'globex')
    expect(response.status).toBe(413)
    expect((await json<Problem>(response)).code).toBe('PAYLOAD_TOO_LARGE')
    expect(await files(globex.tenant.id)).toEqual([])
    expect(await rows(globex.tenant.id)).toBe(0)
    // A declared length far over the route's limit is refused before anything is read.
    const declared = await server.app.request('/api/content/media', {
      method: 'POST',
      headers: headersFor('globex', {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(100 * 1024 * 1024),
      }),
      body: '--x--',
    })
    expect(declared.status).toBe(413)
  }, 60_000)

  it("keeps to a tenant's own lower limit from its settings (mediaMaxBytes)", async () => {
    const { globex } = server
    const updated = await server.services.tenants.update(globex.tenant.id, {
      settings: { mediaMaxBytes: 2_000 },
    })
    expect(updated.ok).toBe(true)
    try {
      const over = Buffer.concat([png(1, 1), Buffer.alloc(2_001 - png(1, 1).length)])
      const refused = await upload([['file', file(over, 'image/png'), 'over.png']], 'globex')
      expect(refused.status).toBe(413)
      const under = Buffer.concat([png(1, 1), Buffer.alloc(1_000)])
      const taken = await upload([['file', file(under, 'image/png'), 'under.png']], 'globex')
      expect(taken.status).toBe(201)
      const { id } = await json<{ id: string }>(taken)
      const removed = await server.app.request(`/api/content/media/${id}`, {
        method: 'DELETE',
        headers: headersFor('globex'),
      })
      expect(removed.status).toBe(204)
    } finally {
      await server.services.tenants.update(globex.tenant.id, { settings: {} })
    }
  })

  it('takes a file larger than the JSON body limit, up to its own limit', async () => {
    const jsonLimit = server.services.config.http.bodyLimitBytes
    const large = Buffer.concat([png(1, 1), Buffer.alloc(jsonLimit * 3)])
    const response = await upload([['file', file(large, 'image/png'), 'large.png']])
    expect(response.status).toBe(201)
    expect((await json<MediaItem>(response)).size).toBe(large.length)
  })

  it('refuses a body that is not multipart (415) and a form without a file (400)', async () => {
    const asJson = await server.request('POST', '/api/content/media', {
      token: server.acme.admin.accessToken,
      body: { file: 'x' },
    })
    expect(asJson.status).toBe(415)
    const noFile = await upload([['title', 'x']])
    expect(noFile.status).toBe(400)
    expect((await json<Problem>(noFile)).errors).toEqual([
      { path: 'body.file', message: 'is required: a part named `file`' },
    ])
    const badField = await upload([
      ['file', file(png(1, 1), 'image/png'), 'a.png'],
      ['locale', 'not a locale!'],
      ['alt', 'x'],
    ])
    expect(badField.status).toBe(400)
    expect((await json<Problem>(badField)).errors?.map((e) => e.path)).toContain('body.locale')
    const nul = await upload([
      ['file', file(png(1, 1), 'image/png'), 'a.png'],
      ['alt', 'a\u0000b'],
    ])
    expect(nul.status).toBe(400)
    expect((await json<Problem>(nul)).errors).toEqual([
      { path: 'body.alt', message: 'must not contain U+0000' },
    ])
  })

  it('patches texts by locale, lists by type with fallback texts, and deletes file and row', async () => {
    const created = await json<MediaItem>(
      await upload([
        ['file', file(png(2, 2), 'image/png'), 'two.png'],
        ['alt', 'Two'],
      ]),
    )
    const path = `/api/content/media/${created.id}`
    const token = server.acme.admin.accessToken
    const patched = await server.request('PATCH', path, {
      token,
      body: { translations: [{ locale: 'de', altText: 'Zwei' }] },
    })
    expect(patched.status).toBe(200)
    expect((await json<MediaItem>(patched)).translations.map((t) => t.locale)).toEqual(['de', 'en'])
    const list = await server.request('GET', '/api/content/media?mimeType=image/png&locale=fr', {
      token,
    })
    expect(list.status).toBe(200)
    const page = await json<{ items: MediaListItem[] }>(list)
    expect(page.items.every((item) => item.mimeType === 'image/png')).toBe(true)
    expect(page.items[0]?.id).toBe(created.id)
    expect(page.items[0]?.translation).toMatchObject({ locale: 'en', fallback: true })

    expect((await server.request('DELETE', path, { token })).status).toBe(204)
    expect(await files(server.acme.tenant.id)).not.toContain(created.id)
    expect((await server.request('GET', path, { token })).status).toBe(404)
    const gone = await server.request('GET', `/api/public/content/media/${created.id}/file`)
    expect(gone.status).toBe(404)
  })

  it('answers 404 for another tenant’s media on every route', async () => {
    const created = await json<MediaItem>(
      await upload([['file', file(png(1, 1), 'image/png'), 'mine.png']]),
    )
    const foreign = { tenant: server.globex.tenant, token: server.globex.admin.accessToken }
    const path = `/api/content/media/${created.id}`
    expect((await server.request('GET', path, foreign)).status).toBe(404)
    expect(
      (
        await server.request('PATCH', path, {
          ...foreign,
          body: { translations: [{ locale: 'en', title: 'x' }] },
        })
      ).status,
    ).toBe(404)
    expect((await server.request('DELETE', path, foreign)).status).toBe(404)
    const file404 = await server.request('GET', `${path.replace('/api/', '/api/public/')}/file`, {
      tenant: server.globex.tenant,
    })
    expect(file404.status).toBe(404)
    expect(await files(server.acme.tenant.id)).toContain(created.id)
  })
})
