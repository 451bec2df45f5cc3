import type { Readable } from 'node:stream'
import { exactTimestamp, isExactInstant, keysetAfter } from '@rustok/core-db'
import type { Kysely } from 'kysely'
import { resolveDeps, type ContentDeps, type ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { ContentTables } from '../content-tables'
import { mediaDeleted, mediaUpdated, mediaUploaded } from '../events/media-events'
import { parseInput } from '../internal/parse-input'
import { pickLocale } from '../nodes/node-rows'
import { writeChange } from '../nodes/node-tx'
import type { ContentActor } from '../nodes/node-types'
import { meterUpload } from './media-byte-stream'
import {
  mediaFields,
  mediaTranslation,
  type MediaItem,
  type MediaPage,
  type MediaRow,
} from './media-item'
import {
  ListMediaSchema,
  MediaTranslationsSchema,
  PatchMediaSchema,
  type ListMediaInput,
  type MediaTranslationInput,
  type PatchMediaInput,
} from './media-schemas'
import { mediaStorageKey, type MediaStorage } from './media-storage'
import {
  DIMENSION_SAMPLE_BYTES,
  detectMediaType,
  imageDimensions,
  MEDIA_TYPES,
  TYPE_SAMPLE_BYTES,
} from './media-types'

/** The default largest file: 20 MiB. */
export const DEFAULT_MEDIA_MAX_BYTES: number = 20 * 1024 * 1024

/** What the media service needs beside {@link ContentDeps}. */
export interface MediaServiceDeps extends ContentDeps {
  readonly storage: MediaStorage
  readonly limits?: {
    /** The largest file of any tenant, in bytes. Default {@link DEFAULT_MEDIA_MAX_BYTES}. */
    readonly maxBytes?: number
    /** A tenant's own limit (a plan's quota, say); at most `maxBytes` applies either way. */
    readonly maxBytesFor?: (tenantId: string) => number | Promise<number>
  }
  /** Where a failed file delete is reported (the row is gone; a sweep removes the bytes). */
  readonly logger?: { warn(fields: object, message: string): void }
}

/** A media item of a tenant. */
export interface MediaRef {
  readonly tenantId: string
  readonly id: string
}

/** What {@link MediaService.upload} takes. */
export interface UploadMediaInput {
  readonly tenantId: string
  readonly actor: ContentActor
  /** The file's bytes; left as it is on a failure (drain or destroy it). */
  readonly stream: AsyncIterable<Uint8Array>
  /** The client's name, kept for display only (never a path). */
  readonly originalName: string
  /** The client's claimed type: kept in `metadata.declaredType` when the bytes say otherwise. */
  readonly declaredType?: string
  /** A lower limit for this upload than the tenant's. */
  readonly maxBytes?: number
  /**
   * Texts per locale. A promise is awaited once the bytes are stored (a multipart form's fields
   * may follow its file).
   */
  readonly translations?:
    readonly MediaTranslationInput[] | Promise<readonly MediaTranslationInput[]>
}

/** A stored file opened for reading. */
export interface OpenedMedia {
  readonly item: MediaItem
  readonly stream: Readable
}

/**
 * Media of every tenant: uploads checked from their bytes, stored through a {@link MediaStorage},
 * with texts per locale. A media item is named by `{ tenantId, id }`: another tenant's id is
 * `NOT_FOUND`, as is a missing one.
 */
export interface MediaService {
  /**
   * Stores a file: `UNSUPPORTED_MEDIA_TYPE` unless its bytes are one of {@link MEDIA_TYPES},
   * `PAYLOAD_TOO_LARGE` past the limit (nothing is left behind either way); then the row and
   * `media.uploaded` in one transaction.
   */
  upload(input: UploadMediaInput): Promise<MediaItem>
  /** Merges texts by locale. */
  patch(media: MediaRef, input: PatchMediaInput, actor: ContentActor): Promise<MediaItem>
  get(media: MediaRef): Promise<MediaItem>
  /** Newest first, a page at a time, texts in `locale` through the fallback chain. */
  list(scope: { readonly tenantId: string }, input?: ListMediaInput): Promise<MediaPage>
  /** Deletes the row with `media.deleted`, then the bytes (a failure there is logged, not thrown). */
  delete(media: MediaRef, actor: ContentActor): Promise<void>
  /** The item and its bytes, for serving. */
  open(media: MediaRef): Promise<OpenedMedia>
  /** The largest file `tenantId` may upload, in bytes. */
  maxBytesFor(tenantId: string): Promise<number>
}

const notFound = (id: string): ContentError =>
  new ContentError('NOT_FOUND', `Media ${id} not found`)

/** The client's file name for display: its last path segment, no control characters, ≤ 255. */
function displayName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return clean === '' ? 'file' : [...clean].slice(0, 255).join('')
}

/** Creates the media service. */
export function createMediaService(deps: MediaServiceDeps): MediaService {
  const resolved = resolveDeps(deps)
  const { db } = resolved
  const { storage } = deps
  const ceiling = deps.limits?.maxBytes ?? DEFAULT_MEDIA_MAX_BYTES
  if (!Number.isSafeInteger(ceiling) || ceiling < 1)
    throw new RangeError('limits.maxBytes must be a positive integer')

  const maxBytesFor = async (tenantId: string): Promise<number> => {
    const own = await deps.limits?.maxBytesFor?.(tenantId)
    return own === undefined ? ceiling : Math.min(own, ceiling)
  }

  const removeBytes = async (key: string, mediaId: string): Promise<void> => {
    try {
      await storage.delete(key)
    } catch (error) {
      deps.logger?.warn(
        { err: error, mediaId, storageKey: key, driver: storage.driver },
        'media bytes not deleted; left for a sweep',
      )
    }
  }

  const load = async (trx: Kysely<ContentTables>, ref: MediaRef): Promise<MediaItem> => {
    const row = await trx
      .selectFrom('content_media')
      .selectAll()
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', ref.id)
      .executeTakeFirst()
    if (!row) throw notFound(ref.id)
    return withTranslations(trx, row)
  }

  return {
    maxBytesFor,

    async upload(input) {
      const { tenantId, actor } = input
      const limit = Math.min(input.maxBytes ?? Infinity, await maxBytesFor(tenantId))
      const metered = await meterUpload(input.stream, {
        maxBytes: limit,
        headBytes: TYPE_SAMPLE_BYTES,
        sampleBytes: DIMENSION_SAMPLE_BYTES,
      })
      const mimeType = await detectMediaType(metered.head)
      if (mimeType === undefined)
        throw new ContentError(
          'UNSUPPORTED_MEDIA_TYPE',
          `The file is none of the allowed types (${MEDIA_TYPES.join(', ')})`,
          {
            errors: [
              { path: 'file', message: 'must be an image, a PDF or a video of an allowed type' },
            ],
          },
        )
      const id = resolved.newId()
      const key = mediaStorageKey(tenantId, id)
      try {
        await storage.put(key, metered.body, { contentType: mimeType })
        const { size, checksum, sample } = metered.totals()
        const translations = parseInput(
          MediaTranslationsSchema,
          (await input.translations) ?? [],
          'translations',
        )
        const dimensions = imageDimensions(mimeType, sample)
        const declared = input.declaredType?.toLowerCase().slice(0, 100)
        return await writeChange(resolved, { tenantId, actor }, async (trx, events) => {
          const row = await trx
            .insertInto('content_media')
            .values({
              id,
              tenant_id: tenantId,
              uploaded_by: actor.userId,
              filename: id,
              original_name: displayName(input.originalName),
              mime_type: mimeType,
              size,
              width: dimensions?.width ?? null,
              height: dimensions?.height ?? null,
              storage_driver: storage.driver,
              storage_key: key,
              checksum,
              metadata: JSON.stringify(
                declared !== undefined && declared !== mimeType ? { declaredType: declared } : {},
              ),
              created_at: resolved.now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow()
          await upsertTranslations(trx, { tenantId, id }, translations)
          events.add(mediaUploaded, { mediaId: id, mimeType, size })
          return withTranslations(trx, row)
        })
      } catch (error) {
        // Nothing is left behind: no row (the transaction rolled back or never ran), no bytes.
        await removeBytes(key, id)
        throw error
      }
    },

    async patch(ref, rawInput, actor) {
      const input = parseInput(PatchMediaSchema, rawInput)
      return writeChange(resolved, { tenantId: ref.tenantId, actor }, async (trx, events) => {
        const row = await trx
          .selectFrom('content_media')
          .select(['id', 'uploaded_by'])
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', ref.id)
          .forUpdate()
          .executeTakeFirst()
        if (!row) throw notFound(ref.id)
        assertMayChange(row.uploaded_by, actor)
        if (input.removeLocales && input.removeLocales.length > 0)
          await trx
            .deleteFrom('content_media_translations')
            .where('tenant_id', '=', ref.tenantId)
            .where('media_id', '=', ref.id)
            .where('locale', 'in', input.removeLocales)
            .execute()
        await upsertTranslations(trx, ref, input.translations ?? [])
        const locales = [
          ...new Set([
            ...(input.translations ?? []).map((text) => text.locale),
            ...(input.removeLocales ?? []),
          ]),
        ].sort()
        if (locales.length > 0) events.add(mediaUpdated, { mediaId: ref.id, locales })
        return load(trx, ref)
      })
    },

    get: (ref) => load(db, ref),

    list: (scope, input = {}) => listMedia(resolved, scope.tenantId, input),

    async delete(ref, actor) {
      const key = await writeChange(
        resolved,
        { tenantId: ref.tenantId, actor },
        async (trx, events) => {
          const row = await trx
            .selectFrom('content_media')
            .select(['uploaded_by', 'storage_key'])
            .where('tenant_id', '=', ref.tenantId)
            .where('id', '=', ref.id)
            .forUpdate()
            .executeTakeFirst()
          if (!row) throw notFound(ref.id)
          assertMayChange(row.uploaded_by, actor)
          await trx
            .deleteFrom('content_media')
            .where('tenant_id', '=', ref.tenantId)
            .where('id', '=', ref.id)
            .execute()
          events.add(mediaDeleted, { mediaId: ref.id })
          return row.storage_key
        },
      )
      await removeBytes(key, ref.id)
    },

    async open(ref) {
      const item = await load(db, ref)
      const row = await db
        .selectFrom('content_media')
        .select('storage_key')
        .where('tenant_id', '=', ref.tenantId)
        .where('id', '=', ref.id)
        .executeTakeFirst()
      const stream = row && (await storage.get(row.storage_key))
      if (!stream) {
        deps.logger?.warn({ mediaId: ref.id, driver: storage.driver }, 'media bytes missing')
        throw notFound(ref.id)
      }
      return { item, stream }
    },
  }
}

/** `FORBIDDEN` unless the actor may change media uploaded by `uploadedBy`. */
function assertMayChange(uploadedBy: string | null, actor: ContentActor): void {
  if (actor.scope === 'all') return
  if (actor.userId === null || uploadedBy !== actor.userId)
    throw new ContentError('FORBIDDEN', 'Only the uploader of this file may change it')
}

/** Writes each locale's given fields; fields left out keep their stored values. */
async function upsertTranslations(
  trx: Kysely<ContentTables>,
  ref: MediaRef,
  translations: readonly MediaTranslationInput[],
): Promise<void> {
  for (const t of translations) {
    const given = {
      ...(t.title === undefined ? {} : { title: t.title }),
      ...(t.altText === undefined ? {} : { alt_text: t.altText }),
      ...(t.caption === undefined ? {} : { caption: t.caption }),
    }
    await trx
      .insertInto('content_media_translations')
      .values({ tenant_id: ref.tenantId, media_id: ref.id, locale: t.locale, ...given })
      .onConflict((oc) =>
        Object.keys(given).length === 0
          ? oc.columns(['media_id', 'locale']).doNothing()
          : oc.columns(['media_id', 'locale']).doUpdateSet(given),
      )
      .execute()
  }
}

async function withTranslations(trx: Kysely<ContentTables>, row: MediaRow): Promise<MediaItem> {
  const translations = await trx
    .selectFrom('content_media_translations')
    .selectAll()
    .where('tenant_id', '=', row.tenant_id)
    .where('media_id', '=', row.id)
    .orderBy('locale')
    .execute()
  return { ...mediaFields(row), translations: translations.map(mediaTranslation) }
}

/** Newest first; two queries per page however long (the rows, then their texts). */
async function listMedia(
  deps: ResolvedContentDeps,
  tenantId: string,
  rawInput: ListMediaInput,
): Promise<MediaPage> {
  const input = parseInput(ListMediaSchema, rawInput)
  if (input.after && !isExactInstant(input.after.value))
    throw new ContentError('INVALID_INPUT', 'Not a cursor of this list', {
      errors: [{ path: 'after', message: 'does not belong to this list' }],
    })
  let query = deps.db
    .selectFrom('content_media')
    .selectAll()
    .select(exactTimestamp('content_media.created_at').as('sort_value'))
    .where('tenant_id', '=', tenantId)
    .where(
      keysetAfter({
        column: 'content_media.created_at',
        idColumn: 'content_media.id',
        direction: 'desc',
        position: input.after && { ...input.after, timestamp: true },
      }),
    )
  if (input.mimeType) {
    const prefix = input.mimeType.replace(/[\\%_]/g, (char) => `\\${char}`)
    query = query.where('mime_type', 'like', `${prefix}%`)
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute()
  const page = rows.slice(0, input.limit)
  const locale = input.locale ?? 'en'
  const [texts, candidates] = await Promise.all([
    page.length === 0
      ? Promise.resolve([])
      : deps.db
          .selectFrom('content_media_translations')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where(
            'media_id',
            'in',
            page.map((row) => row.id),
          )
          .execute(),
    deps.locales(tenantId, locale),
  ])
  const last = page.at(-1)
  return {
    items: page.map(({ sort_value: _sortValue, ...row }) => ({
      ...mediaFields(row),
      translation: pickLocale(
        texts.filter((text) => text.media_id === row.id).map(mediaTranslation),
        locale,
        candidates,
      ),
    })),
    next: rows.length > input.limit && last ? { value: last.sort_value, id: last.id } : null,
  }
}
