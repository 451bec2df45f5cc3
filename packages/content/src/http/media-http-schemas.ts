import { listQuery } from '@rustok/http'
import * as v from 'valibot'
import { MEDIA_TYPES } from '../index'

const NullableString = v.nullable(v.string())
const Text = (max: number) =>
  v.optional(v.nullable(v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`))))

const MediaFieldEntries = {
  id: v.string(),
  tenantId: v.string(),
  uploadedBy: NullableString,
  filename: v.pipe(v.string(), v.description('The stored name (the id).')),
  originalName: v.pipe(v.string(), v.description("The client's file name, for display only.")),
  mimeType: v.pipe(v.string(), v.description('Detected from the bytes.')),
  size: v.number(),
  width: v.nullable(v.number()),
  height: v.nullable(v.number()),
  checksum: v.pipe(v.string(), v.description('SHA-256 of the bytes, hex; the file’s ETag.')),
  metadata: v.record(v.string(), v.unknown()),
  createdAt: v.string(),
}

const TranslationEntries = {
  title: NullableString,
  altText: NullableString,
  caption: NullableString,
}

/** A media item with its texts in every locale. */
export const MediaSchema = v.object({
  ...MediaFieldEntries,
  translations: v.array(v.object({ locale: v.string(), ...TranslationEntries })),
})

/** A media item in a list, its texts in the reader's locale. */
export const MediaListItemSchema = v.object({
  ...MediaFieldEntries,
  translation: v.nullable(
    v.object({
      locale: v.pipe(v.string(), v.description('The locale the texts are in.')),
      requested: v.pipe(v.string(), v.description('The locale that was asked for.')),
      fallback: v.pipe(v.boolean(), v.description('True when `locale` differs from `requested`.')),
      value: v.object(TranslationEntries),
    }),
  ),
})

export const MediaIdParams = v.object({ id: v.pipe(v.string(), v.uuid('Expected a UUID')) })

/** Query of the media list. */
export const MediaListQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: '-createdAt',
  filters: {
    mimeType: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(100),
        v.description('Only types starting with this: `image/`, `image/png`, `video/`.'),
      ),
    ),
    locale: v.optional(
      v.pipe(
        v.string(),
        v.maxLength(10),
        v.description("The texts' locale; default: the tenant's default locale."),
      ),
    ),
  },
})

/** Body of `PATCH /api/content/media/:id`. */
export const PatchMediaBody = v.object({
  translations: v.optional(
    v.pipe(
      v.array(
        v.object({
          locale: v.pipe(v.string(), v.maxLength(10)),
          title: Text(255),
          altText: Text(1000),
          caption: Text(5000),
        }),
      ),
      v.maxLength(50),
      v.description('Merged by locale: a field left out keeps its value, null clears it.'),
    ),
  ),
  removeLocales: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(10))), v.maxLength(50))),
})

/** The upload form, for the OpenAPI document (the route reads it as a stream). */
export const UploadForm = v.object({
  file: v.pipe(
    v.string(),
    // OpenAPI's way to say "a file part".
    v.metadata({ format: 'binary' }),
    v.description(
      `The file's bytes (binary). Allowed types, read from the bytes: ${MEDIA_TYPES.join(', ')}.`,
    ),
  ),
  locale: v.optional(
    v.pipe(v.string(), v.description("The texts' locale; default: the tenant's default locale.")),
  ),
  title: v.optional(v.pipe(v.string(), v.maxLength(255))),
  alt: v.optional(v.pipe(v.string(), v.maxLength(1000), v.description('The alt text.'))),
  caption: v.optional(v.pipe(v.string(), v.maxLength(5000))),
})
