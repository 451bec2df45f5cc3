import * as v from 'valibot'
import { IdSchema, LocaleSchema } from '../internal/parse-input'
import type { CreateNodeInput, PatchNodeInput } from '../nodes/node-schemas'

/** Input of `posts.create`: a node of kind `post` with the blog's fields. */
export interface CreatePostInput extends Omit<CreateNodeInput, 'kind' | 'parentId' | 'position'> {
  /** A media item of the same tenant, or `null`. */
  readonly featuredImageId?: string | null
  /** Default true. */
  readonly commentsEnabled?: boolean
}

/** Input of `posts.patch`: a node patch, and the blog's fields (absent: unchanged). */
export interface PatchPostInput extends PatchNodeInput {
  readonly featuredImageId?: string | null
  readonly commentsEnabled?: boolean
}

/** The blog's own fields of a create or patch, validated. */
export const PostFieldsSchema: v.GenericSchema<
  { featuredImageId?: string | null; commentsEnabled?: boolean },
  { featuredImageId?: string | null; commentsEnabled?: boolean }
> = v.object({
  featuredImageId: v.optional(v.nullable(IdSchema)),
  commentsEnabled: v.optional(v.boolean('must be a boolean')),
})

/** Input of `posts.list`: published posts, newest first, optionally of one category, tag or author. */
export interface ListPostsInput {
  /** The reader's locale (fallback applied); default `en`. */
  readonly locale?: string
  /** 1–100, default 20. */
  readonly limit?: number
  readonly after?: { readonly value: string | number; readonly id: string }
  readonly categoryId?: string
  readonly tagId?: string
  readonly authorId?: string
}

/** The schema of {@link ListPostsInput}'s filters (the node list checks the rest). */
export const ListPostsFiltersSchema: v.GenericSchema<
  { locale?: string; categoryId?: string; tagId?: string; authorId?: string },
  { locale?: string; categoryId?: string; tagId?: string; authorId?: string }
> = v.object({
  locale: v.optional(LocaleSchema),
  categoryId: v.optional(IdSchema),
  tagId: v.optional(IdSchema),
  authorId: v.optional(IdSchema),
})
