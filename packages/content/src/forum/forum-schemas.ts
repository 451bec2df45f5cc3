import * as v from 'valibot'
import { IdSchema, LocaleSchema, SlugSchema } from '../internal/parse-input'
import type { ReplyStatus } from './forum-status'

const text = (min: number, max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.minLength(min, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  )
const Position = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be an integer'),
  v.minValue(0, 'must be at least 0'),
  v.maxValue(1_000_000, 'must be at most 1000000'),
)
const Limit = v.optional(
  v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be an integer'),
    v.minValue(1, 'must be at least 1'),
    v.maxValue(100, 'must be at most 100'),
  ),
  20,
)

/** A category's texts in one locale; the slug defaults to the slugified name. */
export interface ForumCategoryTranslationInput {
  readonly locale: string
  readonly name: string
  readonly slug?: string
  readonly description?: string | null
}

/** Input of `forum.createCategory`: at least one translation, a position and the moderation flag. */
export interface CreateForumCategoryInput {
  readonly translations: readonly ForumCategoryTranslationInput[]
  /** Lower first. Default 0. */
  readonly position?: number
  /** Replies in a moderated category wait for a moderator. Default `false`. */
  readonly moderated?: boolean
}

/** Input of `forum.updateCategory`: given translations replace those locales, others stay. */
export interface UpdateForumCategoryInput {
  readonly translations?: readonly ForumCategoryTranslationInput[]
  readonly position?: number
  readonly moderated?: boolean
}

type TranslationOut = { locale: string; name: string; slug?: string; description: string | null }

const Translation = v.object({
  locale: LocaleSchema,
  name: text(1, 200),
  slug: v.optional(SlugSchema),
  description: v.optional(v.nullable(text(0, 2000)), null),
})
const Translations = (min: number) =>
  v.pipe(
    v.array(Translation, 'must be a list'),
    v.minLength(min, 'must have at least one translation'),
    v.maxLength(50, 'must have at most 50 translations'),
    v.check(
      (items) => new Set(items.map((x) => x.locale)).size === items.length,
      'must have one translation per locale',
    ),
  )

/** The schema of {@link CreateForumCategoryInput}. */
export const CreateForumCategorySchema: v.GenericSchema<
  CreateForumCategoryInput,
  { translations: TranslationOut[]; position: number; moderated: boolean }
> = v.object({
  translations: Translations(1),
  position: v.optional(Position, 0),
  moderated: v.optional(v.boolean('must be true or false'), false),
})

/** The schema of {@link UpdateForumCategoryInput}. */
export const UpdateForumCategorySchema: v.GenericSchema<
  UpdateForumCategoryInput,
  { translations?: TranslationOut[]; position?: number; moderated?: boolean }
> = v.object({
  translations: v.optional(Translations(1)),
  position: v.optional(Position),
  moderated: v.optional(v.boolean('must be true or false')),
})

/** Input of `forum.openTopic`: the category, the text and up to 10 tags. */
export interface OpenTopicInput {
  readonly categoryId: string
  readonly locale: string
  readonly title: string
  readonly body: string
  readonly tags?: readonly string[]
}

/** The schema of {@link OpenTopicInput}; tags are trimmed, lowercased and deduplicated. */
export const OpenTopicSchema: v.GenericSchema<
  OpenTopicInput,
  { categoryId: string; locale: string; title: string; body: string; tags: string[] }
> = v.object({
  categoryId: IdSchema,
  locale: LocaleSchema,
  title: text(1, 300),
  body: text(1, 20_000),
  tags: v.optional(
    v.pipe(
      v.array(v.pipe(text(1, 50), v.toLowerCase()), 'must be a list'),
      v.maxLength(10, 'must have at most 10 tags'),
      v.transform((tags) => [...new Set(tags)]),
    ),
    [],
  ),
})

/** Input of `forum.reply`: the text, and the reply answered (an approved one of the topic). */
export interface CreateReplyInput {
  readonly body: string
  readonly parentId?: string | null
}

/** The schema of {@link CreateReplyInput}. */
export const CreateReplySchema: v.GenericSchema<
  CreateReplyInput,
  { body: string; parentId: string | null }
> = v.object({ body: text(1, 20_000), parentId: v.optional(v.nullable(IdSchema), null) })

/** Input of the topic list: a page size (1–100, default 20) and where the last page ended. */
export interface ListTopicsInput {
  readonly limit?: number
  readonly after?: { readonly pinned: boolean; readonly value: string; readonly id: string }
}

/** The schema of {@link ListTopicsInput}. */
export const ListTopicsSchema: v.GenericSchema<
  ListTopicsInput,
  { limit: number; after?: { pinned: boolean; value: string; id: string } }
> = v.object({
  limit: Limit,
  after: v.optional(v.object({ pinned: v.boolean(), value: v.string(), id: IdSchema })),
})

/** Input of the reply list: a page size (1–100, default 20) and where the last page ended. */
export interface ListRepliesInput {
  readonly limit?: number
  readonly after?: { readonly value: string; readonly id: string }
}

/** The schema of {@link ListRepliesInput}. */
export const ListRepliesSchema: v.GenericSchema<
  ListRepliesInput,
  { limit: number; after?: { value: string; id: string } }
> = v.object({
  limit: Limit,
  after: v.optional(v.object({ value: v.string(), id: IdSchema })),
})

/** Input of the moderation queue: a reply status (default `pending`), oldest first. */
export interface ReplyQueueInput {
  readonly status?: ReplyStatus
  readonly limit?: number
  readonly after?: { readonly value: string; readonly id: string }
}

/** The schema of {@link ReplyQueueInput}. */
export const ReplyQueueSchema: v.GenericSchema<
  ReplyQueueInput,
  { status: ReplyStatus; limit: number; after?: { value: string; id: string } }
> = v.object({
  status: v.optional(
    v.picklist(['pending', 'approved', 'rejected', 'hidden'], 'must be a reply status'),
    'pending',
  ),
  limit: Limit,
  after: v.optional(v.object({ value: v.string(), id: IdSchema })),
})
