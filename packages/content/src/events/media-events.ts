import { defineEvent, nonEmptyText, nonNegativeInt, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import * as v from 'valibot'

/** Payload of `media.uploaded`. */
export interface MediaUploadedPayload {
  /** The new media item. */
  readonly mediaId: string
  /** MIME type, e.g. `image/png`; non-empty, at most 255 UTF-8 bytes, contains `/`. */
  readonly mimeType: string
  /** Size in bytes, a safe integer ≥ 0. */
  readonly size: number
}

/** Payload of `media.updated`. */
export interface MediaUpdatedPayload {
  /** The changed media item. */
  readonly mediaId: string
  /** The locales whose texts were written or removed, sorted. */
  readonly locales: readonly string[]
}

/** Payload of `media.deleted`. */
export interface MediaDeletedPayload {
  /** The deleted media item. */
  readonly mediaId: string
}

/** A media file was uploaded (original #14). Aggregate: `media` / `mediaId`. */
export const mediaUploaded: EventDefinition<'media.uploaded', MediaUploadedPayload> = defineEvent({
  type: 'media.uploaded',
  version: 1,
  description: 'A media file was uploaded.',
  aggregateType: 'media',
  schema: v.object({
    mediaId: nonNilUuid(),
    mimeType: v.pipe(nonEmptyText(255), v.includes('/', 'must be a MIME type such as "image/png"')),
    size: nonNegativeInt(),
  }),
  aggregateId: (payload) => payload.mediaId,
})

/** A media file was deleted (original #15). Aggregate: `media` / `mediaId`. */
export const mediaDeleted: EventDefinition<'media.deleted', MediaDeletedPayload> = defineEvent({
  type: 'media.deleted',
  version: 1,
  description: 'A media file was deleted.',
  aggregateType: 'media',
  schema: v.object({ mediaId: nonNilUuid() }),
  aggregateId: (payload) => payload.mediaId,
})

/** A media item's texts (title, alt text, caption) changed in some locales. Aggregate: `media`. */
export const mediaUpdated: EventDefinition<'media.updated', MediaUpdatedPayload> = defineEvent({
  type: 'media.updated',
  version: 1,
  description: "A media item's texts changed.",
  aggregateType: 'media',
  schema: v.object({
    mediaId: nonNilUuid(),
    locales: v.pipe(v.array(nonEmptyText(35)), v.maxLength(100)),
  }),
  aggregateId: (payload) => payload.mediaId,
})
