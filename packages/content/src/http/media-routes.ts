import { Readable } from 'node:stream'
import { isRole, permissionScope } from '@rustok/core-auth/rbac'
import {
  defineRoute,
  encodeCursor,
  pageSchema,
  PUBLIC,
  requestEventContext,
  requires,
  type PermissionAccess,
  type Route,
  type RouteContext,
} from '@rustok/http'
import * as v from 'valibot'
import {
  ContentError,
  MediaTranslationSchema,
  MEDIA_TYPES,
  type ContentActor,
  type MediaService,
  type MediaTranslationInput,
} from '../index'
import { withInputPaths } from './content-request'
import {
  MediaIdParams,
  MediaListItemSchema,
  MediaListQuery,
  MediaSchema,
  PatchMediaBody,
  UploadForm,
} from './media-http-schemas'
import { readUploadForm } from './media-upload-form'

const TAGS = ['content']
const MEDIA = { description: 'The media item with its texts in every locale', schema: MediaSchema }

/** Room for the form's boundaries, part headers and text fields beside the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024

/** The actor of a media route, with the scope the role has on `media` for `action`. */
function mediaActor(
  c: RouteContext<PermissionAccess>,
  action: 'create' | 'update' | 'delete',
): ContentActor {
  const { role } = c.var.principal
  const scope = isRole(role) ? permissionScope(role, 'media', action) : 'all'
  const context = requestEventContext(c)
  return {
    userId: c.var.userId,
    scope: scope === 'own' ? 'own' : 'all',
    correlationId: context.correlationId,
    traceId: context.traceId,
  }
}

const FORM_FIELDS = {
  title: 'title',
  altText: 'alt',
  caption: 'caption',
  locale: 'locale',
} as const

/** The form's text fields as one locale's texts; field errors name the form fields. */
function formTranslations(
  fields: Readonly<Record<string, string>>,
  defaultLocale: string,
): MediaTranslationInput[] {
  const { title, alt, caption } = fields
  if (title === undefined && alt === undefined && caption === undefined) return []
  const input = { locale: fields.locale ?? defaultLocale, title, altText: alt, caption }
  const result = v.safeParse(MediaTranslationSchema, input)
  const nul = Object.entries(FORM_FIELDS).filter(([, name]) => fields[name]?.includes('\u0000'))
  if (result.success && nul.length === 0) return [result.output]
  const errors = [
    ...nul.map(([, name]) => ({ path: `body.${name}`, message: 'must not contain U+0000' })),
    ...(result.success ? [] : result.issues).map((issue) => {
      const key = (v.getDotPath(issue) ?? '') as keyof typeof FORM_FIELDS
      return { path: `body.${FORM_FIELDS[key] ?? key}`, message: issue.message }
    }),
  ]
  throw new ContentError('INVALID_INPUT', 'Invalid upload fields', { errors })
}

/** Whether `If-None-Match` names `etag` (weak or strong, or `*`). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag)
}

/**
 * The media routes: admin upload, list, read, texts and delete under `/api/content/media`
 * (`media:*`), and the public file by id.
 */
export function mediaRoutes(media: MediaService, options: { readonly maxBytes: number }): Route[] {
  const upload = defineRoute({
    method: 'post',
    path: '/api/content/media',
    operationId: 'uploadContentMedia',
    summary: 'Upload a file (multipart/form-data)',
    description:
      'A `multipart/form-data` body with the file in a part named `file` and optional text ' +
      'fields `locale`, `title`, `alt` and `caption` (before or after the file). The file is ' +
      'streamed to storage, never held whole; its type is read from its bytes, whatever its ' +
      `name or declared type: ${MEDIA_TYPES.join(', ')} (SVG and text are refused). Images ` +
      "get their width and height. 413 past the tenant's size limit, 415 for any other type; " +
      'nothing is kept either way.',
    tags: TAGS,
    access: requires('media:create'),
    // The body is a stream the handler reads once: a replay would need it buffered.
    idempotent: false,
    streamedBody: {
      contentType: 'multipart/form-data',
      maxBytes: options.maxBytes + FORM_OVERHEAD_BYTES,
      schema: UploadForm,
      description: `The file (at most ${options.maxBytes} bytes) and its texts.`,
    },
    responses: {
      201: { description: 'The stored media item', schema: MediaSchema },
      413: { description: "PAYLOAD_TOO_LARGE: the file is over the tenant's size limit." },
      415: {
        description:
          'UNSUPPORTED_MEDIA_TYPE: the body is not multipart/form-data, or the file’s bytes are ' +
          'not one of the allowed types.',
      },
    },
    handler: async (c) => {
      const form = readUploadForm(c.req.raw, { fileBytes: options.maxBytes + 1 })
      const file = await form.file
      const translations = form.fields.then((fields) =>
        formTranslations(fields, c.var.tenant.defaultLocale),
      )
      // Awaited by the service once the file is stored, which may be after the fields failed.
      translations.catch(() => undefined)
      try {
        const item = await media.upload({
          tenantId: c.var.tenantId,
          actor: mediaActor(c, 'create'),
          stream: file.stream,
          originalName: file.filename,
          declaredType: file.mimeType,
          translations,
        })
        return c.json(item, 201)
      } catch (error) {
        form.drain()
        throw error
      }
    },
  })

  const list = defineRoute({
    method: 'get',
    path: '/api/content/media',
    operationId: 'listContentMedia',
    summary: "The tenant's media, newest first, a page at a time",
    description:
      "`mimeType` keeps types starting with it (`image/`); each item's texts are in `locale` " +
      "through the tenant's fallback chain.",
    tags: TAGS,
    access: requires('media:list'),
    request: { query: MediaListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(MediaListItemSchema) } },
    handler: async (c, { query }) => {
      const page = await withInputPaths('query', () =>
        media.list(
          { tenantId: c.var.tenantId },
          {
            limit: query.limit,
            locale: query.locale ?? c.var.tenant.defaultLocale,
            ...(query.mimeType === undefined ? {} : { mimeType: query.mimeType }),
            ...(query.cursor
              ? { after: { value: String(query.cursor.value), id: query.cursor.id } }
              : {}),
          },
        ),
      )
      return c.json({ items: page.items, nextCursor: page.next && encodeCursor(page.next) })
    },
  })

  const get = defineRoute({
    method: 'get',
    path: '/api/content/media/:id',
    operationId: 'getContentMedia',
    summary: 'One media item with its texts in every locale',
    tags: TAGS,
    access: requires('media:read'),
    request: { params: MediaIdParams },
    responses: { 200: MEDIA },
    handler: async (c, { params }) =>
      c.json(await media.get({ tenantId: c.var.tenantId, id: params.id })),
  })

  const patch = defineRoute({
    method: 'patch',
    path: '/api/content/media/:id',
    operationId: 'patchContentMedia',
    summary: 'Change the title, alt text and caption per locale',
    description: 'Merged by locale; `removeLocales` drops some on purpose.',
    tags: TAGS,
    access: requires('media:update'),
    request: { params: MediaIdParams, body: PatchMediaBody },
    responses: { 200: MEDIA },
    handler: async (c, { params, body }) => {
      const item = await withInputPaths('body', () =>
        media.patch({ tenantId: c.var.tenantId, id: params.id }, body, mediaActor(c, 'update')),
      )
      return c.json(item)
    },
  })

  const remove = defineRoute({
    method: 'delete',
    path: '/api/content/media/:id',
    operationId: 'deleteContentMedia',
    summary: 'Delete a media item and its file',
    tags: TAGS,
    access: requires('media:delete'),
    request: { params: MediaIdParams },
    responses: { 204: { description: 'Deleted' } },
    handler: async (c, { params }) => {
      await media.delete({ tenantId: c.var.tenantId, id: params.id }, mediaActor(c, 'delete'))
      return c.body(null, 204)
    },
  })

  const serve = defineRoute({
    method: 'get',
    path: '/api/public/content/media/:id/file',
    operationId: 'getContentMediaFile',
    summary: 'The file’s bytes',
    description:
      'With its detected type, `Content-Length`, an ETag (the SHA-256) and a year of public ' +
      'caching (`immutable`: a file never changes under its id); `If-None-Match` with the ETag ' +
      'answers 304. Sent with `nosniff` and a sandboxing Content-Security-Policy.',
    tags: TAGS,
    access: PUBLIC,
    request: { params: MediaIdParams },
    responses: {
      200: { description: 'The bytes', contentType: MEDIA_TYPES },
      304: { description: 'Not modified: the ETag matched' },
    },
    handler: async (c, { params }) => {
      const ref = { tenantId: c.var.tenantId, id: params.id }
      const item = await media.get(ref)
      const etag = `"${item.checksum}"`
      const headers: Record<string, string> = {
        ETag: etag,
        'Cache-Control': 'public, max-age=31536000, immutable',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'X-Content-Type-Options': 'nosniff',
      }
      if (matchesEtag(c.req.header('if-none-match'), etag))
        return new Response(null, { status: 304, headers })
      const fileHeaders = {
        ...headers,
        'Content-Type': item.mimeType,
        'Content-Length': String(item.size),
        'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(item.originalName)}`,
      }
      // HEAD runs this GET handler and drops the body unread: opening the file would leak it.
      if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers: fileHeaders })
      const { stream } = await media.open(ref)
      return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
        status: 200,
        headers: fileHeaders,
      })
    },
  })

  return [upload, list, get, patch, remove, serve]
}
