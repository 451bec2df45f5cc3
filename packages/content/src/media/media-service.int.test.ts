import { randomUUID } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { sql, type KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import type { ContentActor } from '../nodes/node-types'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import { tinyJpeg, tinyPng } from '../testing/media-files.test-helper'
import { createLocalDiskStorage } from './local-disk-storage'
import { createMediaService, type MediaServiceDeps, type UploadMediaInput } from './media-service'
import type { MediaStorage } from './media-storage'

const uploader = randomUUID()
const editor: ContentActor = { userId: uploader, scope: 'all' }

async function failure(promise: Promise<unknown>): Promise<{ code: string; errors: unknown }> {
  try {
    await promise
  } catch (error) {
    if (isContentError(error)) return { code: error.code, errors: error.errors }
    throw error
  }
  throw new Error('expected a ContentError')
}

/** `bytes` as a stream of `size`-byte chunks, as a network upload arrives. */
function chunked(bytes: Uint8Array, size = 1024): Readable {
  const chunks: Buffer[] = []
  for (let at = 0; at < bytes.length; at += size)
    chunks.push(Buffer.from(bytes.subarray(at, at + size)))
  return Readable.from(chunks)
}

describe('media service', () => {
  let t: ContentTestDb
  let root: string
  let storage: MediaStorage
  beforeAll(async () => {
    t = await contentTestDb()
    root = await mkdtemp(join(tmpdir(), 'rustok-media-service-'))
    storage = createLocalDiskStorage({ root })
  }, 60_000)
  afterAll(async () => {
    await t.testDb.destroy()
    await rm(root, { recursive: true, force: true })
  })

  const service = (overrides: Partial<MediaServiceDeps> = {}) =>
    createMediaService({ db: t.db, events: t.outbox, storage, ...overrides })
  const upload = (
    tenantId: string,
    bytes: Uint8Array,
    { deps, ...rest }: Partial<UploadMediaInput> & { deps?: Partial<MediaServiceDeps> } = {},
  ) =>
    service(deps).upload({
      tenantId,
      actor: editor,
      stream: chunked(bytes),
      originalName: 'photo.png',
      ...rest,
    })
  const filesOf = async (tenantId: string): Promise<string[]> =>
    readdir(join(root, tenantId)).catch(() => [])
  const rowsOf = async (tenantId: string) =>
    t.db.selectFrom('content_media').select('id').where('tenant_id', '=', tenantId).execute()

  it('stores a PNG with its size, checksum, dimensions, texts and media.uploaded', async () => {
    const tenantId = randomUUID()
    const png = tinyPng(3, 2)
    const item = await upload(tenantId, png, {
      originalName: '../../etc/Holiday photo.png',
      translations: [{ locale: 'en', altText: 'A red square', title: 'Red' }],
    })
    expect(item).toMatchObject({
      tenantId,
      uploadedBy: uploader,
      filename: item.id,
      originalName: 'Holiday photo.png',
      mimeType: 'image/png',
      size: png.length,
      width: 3,
      height: 2,
      translations: [{ locale: 'en', title: 'Red', altText: 'A red square', caption: null }],
    })
    const { createHash } = await import('node:crypto')
    expect(item.checksum).toBe(createHash('sha256').update(png).digest('hex'))
    // Stored under ids the service made, never under the client's name.
    expect(await readFile(join(root, tenantId, item.id))).toEqual(png)
    const events = await t.events(tenantId)
    expect(events).toEqual([
      {
        type: 'media.uploaded',
        payload: { mediaId: item.id, mimeType: 'image/png', size: png.length },
      },
    ])
  })

  it('reads a JPEG’s width and height', async () => {
    const item = await upload(randomUUID(), tinyJpeg(17, 9), { originalName: 'x.jpg' })
    expect(item).toMatchObject({ mimeType: 'image/jpeg', width: 17, height: 9 })
  })

  it('takes the type from the bytes: a PNG named .txt and declared text/plain is image/png', async () => {
    const item = await upload(randomUUID(), tinyPng(1, 1), {
      originalName: 'notes.txt',
      declaredType: 'text/plain',
    })
    expect(item.mimeType).toBe('image/png')
    expect(item.metadata).toEqual({ declaredType: 'text/plain' })
  })

  it('refuses HTML, SVG and an archive named .png (415), leaving no file, no row and no event', async () => {
    const tenantId = randomUUID()
    const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>')
    const svg = Buffer.from(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    )
    // Detected, but not on the allow-list: a gzip archive.
    const { gzipSync } = await import('node:zlib')
    for (const bytes of [html, svg, gzipSync('x'), Buffer.alloc(0)]) {
      const refused = await failure(upload(tenantId, bytes, { declaredType: 'image/png' }))
      expect(refused.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    }
    expect(await filesOf(tenantId)).toEqual([])
    expect(await rowsOf(tenantId)).toEqual([])
    expect(await t.events(tenantId)).toEqual([])
  })

  it('refuses a file over the tenant’s limit (413) mid-stream, leaving no file and no row', async () => {
    const tenantId = randomUUID()
    // A PNG signature, then far more bytes than the limit: refused once the count passes it.
    const big = Buffer.concat([tinyPng(1, 1), Buffer.alloc(200_000, 7)])
    const seen: string[] = []
    const limited = { limits: { maxBytesFor: (id: string) => (seen.push(id), 50_000) } }
    const refused = await failure(upload(tenantId, big, { deps: limited }))
    expect(refused).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      errors: [{ path: 'file', message: 'must be at most 50000 bytes' }],
    })
    expect(seen).toEqual([tenantId])
    expect(await filesOf(tenantId)).toEqual([])
    expect(await rowsOf(tenantId)).toEqual([])
    // Exactly at the limit is fine.
    const exact = Buffer.concat([tinyPng(1, 1), Buffer.alloc(50_000 - tinyPng(1, 1).length, 7)])
    await expect(upload(tenantId, exact, { deps: limited })).resolves.toMatchObject({
      size: 50_000,
    })
  })

  it('refuses a file over the limit within its first bytes, before storing anything', async () => {
    const tenantId = randomUUID()
    const refused = await failure(
      upload(tenantId, Buffer.concat([tinyPng(1, 1), Buffer.alloc(3000)]), { maxBytes: 100 }),
    )
    expect(refused.code).toBe('PAYLOAD_TOO_LARGE')
    expect(await filesOf(tenantId)).toEqual([])
  })

  it('deletes the stored file when the transaction fails', async () => {
    const tenantId = randomUUID()
    const failing = {
      events: {
        publishInTx: () => Promise.reject(new Error('outbox down')),
      },
    }
    await expect(upload(tenantId, tinyPng(2, 2), { deps: failing })).rejects.toThrow('outbox down')
    expect(await filesOf(tenantId)).toEqual([])
    expect(await rowsOf(tenantId)).toEqual([])
  })

  it('deletes the stored file when texts that followed the file are invalid', async () => {
    const tenantId = randomUUID()
    const refused = await failure(
      upload(tenantId, tinyPng(2, 2), {
        translations: Promise.resolve([{ locale: 'x!' }]),
      }),
    )
    expect(refused.code).toBe('INVALID_INPUT')
    expect(refused.errors).toEqual([
      { path: 'translations.0.locale', message: 'must be a locale code such as en or pt-BR' },
    ])
    expect(await filesOf(tenantId)).toEqual([])
  })

  it('merges a patch of texts by locale and drops removed locales', async () => {
    const tenantId = randomUUID()
    const media = service()
    const item = await upload(tenantId, tinyPng(1, 1), {
      translations: [
        { locale: 'en', title: 'Title', altText: 'Alt' },
        { locale: 'de', title: 'Titel' },
      ],
    })
    const ref = { tenantId, id: item.id }
    const patched = await media.patch(
      ref,
      {
        translations: [
          { locale: 'en', caption: 'Caption' },
          { locale: 'ru', altText: 'Альт' },
        ],
      },
      editor,
    )
    expect(patched.translations).toEqual([
      { locale: 'de', title: 'Titel', altText: null, caption: null },
      { locale: 'en', title: 'Title', altText: 'Alt', caption: 'Caption' },
      { locale: 'ru', title: null, altText: 'Альт', caption: null },
    ])
    const removed = await media.patch(ref, { removeLocales: ['de'] }, editor)
    expect((await t.events(tenantId)).slice(1)).toEqual([
      { type: 'media.updated', payload: { mediaId: item.id, locales: ['en', 'ru'] } },
      { type: 'media.updated', payload: { mediaId: item.id, locales: ['de'] } },
    ])
    expect(removed.translations.map((text) => text.locale)).toEqual(['en', 'ru'])
    expect(await media.get(ref)).toEqual(removed)
  })

  it('lists newest first by keyset pages, filtered by type prefix, texts through the fallback chain', async () => {
    const tenantId = randomUUID()
    let clock = Date.parse('2026-01-01T00:00:00Z')
    const deps = {
      now: () => new Date((clock += 1000)),
      locales: (_tenant: string, requested: string) =>
        Promise.resolve(requested === 'ru' ? ['ru', 'en'] : [requested]),
    }
    const png = await upload(tenantId, tinyPng(1, 1), {
      translations: [{ locale: 'en', title: 'P' }],
      deps,
    })
    const jpeg = await upload(tenantId, tinyJpeg(8, 8), { deps })
    const png2 = await upload(tenantId, tinyPng(2, 1), {
      translations: [
        { locale: 'ru', title: 'П2' },
        { locale: 'en', title: 'P2' },
      ],
      deps,
    })
    await upload(randomUUID(), tinyPng(1, 1), { deps }) // another tenant's
    const media = service(deps)
    const first = await media.list({ tenantId }, { limit: 2, locale: 'ru' })
    expect(first.items.map((item) => item.id)).toEqual([png2.id, jpeg.id])
    expect(first.items[0]?.translation).toEqual({
      locale: 'ru',
      requested: 'ru',
      fallback: false,
      value: { title: 'П2', altText: null, caption: null },
    })
    expect(first.items[1]?.translation).toBeNull()
    const second = await media.list({ tenantId }, { limit: 2, locale: 'ru', after: first.next! })
    expect(second.items.map((item) => item.id)).toEqual([png.id])
    expect(second.items[0]?.translation).toMatchObject({ locale: 'en', fallback: true })
    expect(second.next).toBeNull()
    const images = await media.list({ tenantId }, { mimeType: 'image/png' })
    expect(images.items.map((item) => item.id)).toEqual([png2.id, png.id])
    const refused = await failure(media.list({ tenantId }, { after: { value: 'x', id: png.id } }))
    expect(refused.code).toBe('INVALID_INPUT')
  })

  it('lists a page in two statements however many items and texts it has', async () => {
    const tenantId = randomUUID()
    for (let i = 0; i < 12; i++)
      await upload(tenantId, tinyPng(1, 1), {
        translations: [
          { locale: 'en', title: `E${i}` },
          { locale: 'de', title: `D${i}` },
        ],
      })
    let statements = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++
        return args.node
      },
      transformResult: (args) => Promise.resolve(args.result),
    }
    const page = await service({ db: t.db.withPlugin(counting) }).list(
      { tenantId },
      { limit: 10, locale: 'de' },
    )
    expect(page.items).toHaveLength(10)
    expect(page.items.every((item) => item.translation?.locale === 'de')).toBe(true)
    expect(statements).toBe(2)
  })

  it('deletes the row with media.deleted, then the file', async () => {
    const tenantId = randomUUID()
    const media = service()
    const item = await upload(tenantId, tinyPng(1, 1), {
      translations: [{ locale: 'en', title: 'x' }],
    })
    await media.delete({ tenantId, id: item.id }, editor)
    expect(await filesOf(tenantId)).toEqual([])
    expect(await rowsOf(tenantId)).toEqual([])
    expect((await t.events(tenantId)).map((e) => e.type)).toEqual([
      'media.uploaded',
      'media.deleted',
    ])
    expect((await failure(media.get({ tenantId, id: item.id }))).code).toBe('NOT_FOUND')
  })

  it('logs a file delete that fails and still deletes the row (a sweep removes the bytes)', async () => {
    const tenantId = randomUUID()
    const item = await upload(tenantId, tinyPng(1, 1))
    const warnings: object[] = []
    const media = service({
      storage: { ...storage, delete: () => Promise.reject(new Error('disk gone')) },
      logger: { warn: (fields) => warnings.push(fields) },
    })
    await media.delete({ tenantId, id: item.id }, editor)
    expect(await rowsOf(tenantId)).toEqual([])
    expect(warnings).toEqual([expect.objectContaining({ mediaId: item.id })])
  })

  it('opens the bytes for serving', async () => {
    const tenantId = randomUUID()
    const png = tinyPng(4, 4)
    const item = await upload(tenantId, png)
    const opened = await service().open({ tenantId, id: item.id })
    expect(opened.item.checksum).toBe(item.checksum)
    expect(await buffer(opened.stream)).toEqual(png)
  })

  it('answers NOT_FOUND for another tenant’s media on every call', async () => {
    const tenantId = randomUUID()
    const other = randomUUID()
    const media = service()
    const item = await upload(tenantId, tinyPng(1, 1))
    const foreign = { tenantId: other, id: item.id }
    for (const call of [
      () => media.get(foreign),
      () => media.open(foreign),
      () => media.patch(foreign, { translations: [{ locale: 'en', title: 'x' }] }, editor),
      () => media.delete(foreign, editor),
    ])
      expect((await failure(call())).code).toBe('NOT_FOUND')
    expect(await rowsOf(tenantId)).toHaveLength(1)
    expect(await filesOf(tenantId)).toEqual([item.id])
  })

  it('an own-scope actor may change only what they uploaded', async () => {
    const tenantId = randomUUID()
    const item = await upload(tenantId, tinyPng(1, 1))
    const stranger: ContentActor = { userId: randomUUID(), scope: 'own' }
    const refused = await failure(service().delete({ tenantId, id: item.id }, stranger))
    expect(refused.code).toBe('FORBIDDEN')
    await service().delete({ tenantId, id: item.id }, { userId: uploader, scope: 'own' })
  })

  it('the composite foreign key refuses a translation across tenants', async () => {
    const tenantId = randomUUID()
    const item = await upload(tenantId, tinyPng(1, 1))
    await expect(
      sql`insert into content_media_translations (tenant_id, media_id, locale, title)
          values (${randomUUID()}, ${item.id}, 'en', 'x')`.execute(t.db),
    ).rejects.toThrow(/foreign key/)
  })
})
