import * as v from 'valibot'
import { IdSchema, LocaleSchema } from '../internal/parse-input'

/** A media item's texts in one locale, as given: a field left out keeps its stored value. */
export interface MediaTranslationInput {
  readonly locale: string
  readonly title?: string | null
  readonly altText?: string | null
  readonly caption?: string | null
}

/** A patch of a media item's texts: merged by locale; `removeLocales` drops some on purpose. */
export interface PatchMediaInput {
  readonly translations?: readonly MediaTranslationInput[]
  readonly removeLocales?: readonly string[]
}

/** The options of a media list. */
export interface ListMediaInput {
  /** 1–100, default 20. */
  readonly limit?: number
  /** Where the previous page ended (its `next`). */
  readonly after?: { readonly value: string; readonly id: string }
  /** `image/`, `image/png`, `video/`: only types starting with it. */
  readonly mimeType?: string
  /** The locale of each item's texts (the fallback chain applies). */
  readonly locale?: string
}

/** {@link ListMediaInput} after validation. */
export interface ListMediaQuery {
  readonly limit: number
  readonly after?: { readonly value: string; readonly id: string }
  readonly mimeType?: string
  readonly locale?: string
}

const optionalText = (max: number) =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.maxLength(max, `must be at most ${max} characters`),
      ),
    ),
  )

/** One locale's texts of a media item. */
export const MediaTranslationSchema: v.GenericSchema<MediaTranslationInput> = v.object({
  locale: LocaleSchema,
  title: optionalText(255),
  altText: optionalText(1000),
  caption: optionalText(5000),
})

const uniqueLocales = (items: { readonly locale: string }[]): boolean =>
  new Set(items.map((item) => item.locale)).size === items.length

/** A list of translations, one per locale. */
export const MediaTranslationsSchema: v.GenericSchema<
  readonly MediaTranslationInput[],
  MediaTranslationInput[]
> = v.pipe(
  v.array(MediaTranslationSchema, 'must be an array'),
  v.maxLength(50, 'must have at most 50 locales'),
  v.check(uniqueLocales, 'must name each locale once'),
)

/** A patch of a media item's texts. */
export const PatchMediaSchema: v.GenericSchema<PatchMediaInput> = v.object({
  translations: v.optional(MediaTranslationsSchema),
  removeLocales: v.optional(v.pipe(v.array(LocaleSchema), v.maxLength(50))),
})

/** The options of a media list. */
export const ListMediaSchema: v.GenericSchema<ListMediaInput, ListMediaQuery> = v.object({
  limit: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.safeInteger('must be an integer'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(100, 'must be at most 100'),
    ),
    20,
  ),
  after: v.optional(v.object({ value: v.string(), id: IdSchema })),
  mimeType: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.toLowerCase(),
      v.regex(/^[a-z]+\/?[a-z0-9.+-]*$/, 'must be a MIME type or its start, such as image/'),
      v.maxLength(100, 'must be at most 100 characters'),
    ),
  ),
  locale: v.optional(LocaleSchema),
})
