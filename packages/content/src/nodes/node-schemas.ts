import * as v from 'valibot'
import type { BodyFormat, NodeStatus } from '../content-tables'
import {
  IdSchema,
  InstantSchema,
  LocaleSchema,
  MetadataSchema,
  SlugSchema,
} from '../internal/parse-input'

/** What a clash of slugs does: refuse with 409 naming the slug, or take the next free `-2`, `-3`. */
export type SlugConflict = 'error' | 'suffix'

/** A node kind: `post`, `page`, `article`, `forum_topic`, … lowercase, at most 32 characters. */
export const KindSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a lowercase kind such as post or forum_topic'),
)

const TitleSchema = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(255, 'must be at most 255 characters'),
)
const ExcerptSchema = v.nullable(
  v.pipe(v.string('must be a string'), v.maxLength(1000, 'must be at most 1000 characters')),
)
const PositionSchema = v.pipe(
  v.number('must be a number'),
  v.safeInteger('must be an integer'),
  v.minValue(0, 'must be at least 0'),
  v.maxValue(1_000_000, 'must be at most 1000000'),
)
const SlugConflictSchema = v.picklist(['error', 'suffix'], 'must be error or suffix')

/** A translation as given: the slug defaults to the slugified title (create) or stays (patch). */
export interface TranslationInput {
  readonly locale: string
  /** 1–255 characters; required for a locale the node does not have yet. */
  readonly title?: string
  readonly slug?: string
  readonly excerpt?: string | null
}

/** A translation of a new node: the title is required. */
export interface NewTranslationInput extends TranslationInput {
  readonly title: string
}

/** A body in one locale. HTML is sanitised on write; `json` must parse. */
export interface BodyInput {
  readonly locale: string
  /** Default `markdown`. */
  readonly format?: BodyFormat
  /** At most 1,000,000 characters. */
  readonly body: string
}

/** A body after validation. */
export interface ParsedBody {
  readonly locale: string
  readonly format: BodyFormat
  readonly body: string
}

/** The translation schema of a new node's locale. */
export const TranslationInputSchema: v.GenericSchema<
  NewTranslationInput,
  { locale: string; title: string; slug?: string; excerpt?: string | null }
> = v.object({
  locale: LocaleSchema,
  title: TitleSchema,
  slug: v.optional(SlugSchema),
  excerpt: v.optional(ExcerptSchema),
})

/** The translation schema of a patch, merged into the locale's translation. */
export const TranslationPatchSchema: v.GenericSchema<
  TranslationInput,
  { locale: string; title?: string; slug?: string; excerpt?: string | null }
> = v.object({
  locale: LocaleSchema,
  title: v.optional(TitleSchema),
  slug: v.optional(SlugSchema),
  excerpt: v.optional(ExcerptSchema),
})

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** The body schema. */
export const BodyInputSchema: v.GenericSchema<BodyInput, ParsedBody> = v.pipe(
  v.object({
    locale: LocaleSchema,
    format: v.optional(
      v.picklist(['markdown', 'html', 'plain', 'json'], 'must be markdown, html, plain or json'),
      'markdown',
    ),
    body: v.pipe(
      v.string('must be a string'),
      v.maxLength(1_000_000, 'must be at most 1000000 characters'),
    ),
  }),
  v.forward(
    v.check((input) => input.format !== 'json' || isJson(input.body), 'must be valid JSON'),
    ['body'],
  ),
)

const uniqueLocales = <T extends { locale: string }>(items: T[]): boolean =>
  new Set(items.map((item) => item.locale)).size === items.length

const localeList = <TIn extends { locale: string }, TOut extends { locale: string }>(
  item: v.GenericSchema<TIn, TOut>,
  what: string,
) =>
  v.pipe(
    v.array(item, 'must be a list'),
    v.maxLength(50, `must have at most 50 ${what}s`),
    v.check(uniqueLocales, `must have one ${what} per locale`),
  )

/** Input of `nodes.create`. */
export interface CreateNodeInput {
  readonly kind: string
  /** `draft` (default), or `published` at once. */
  readonly status?: 'draft' | 'published'
  readonly parentId?: string | null
  readonly categoryId?: string | null
  /** Only a caller with scope `all` may name another author; default: the caller. */
  readonly authorId?: string | null
  readonly position?: number
  /** A JSON object of at most 64 KiB. */
  readonly metadata?: Readonly<Record<string, unknown>>
  /** At least one. */
  readonly translations: readonly NewTranslationInput[]
  readonly bodies?: readonly BodyInput[]
  /** Publish when this time comes (the worker's scheduler); an ISO timestamp or a `Date`. */
  readonly publishAt?: string | Date | null
  /** Unpublish when this time comes; after `publishAt`. */
  readonly unpublishAt?: string | Date | null
  /** Default `error`. */
  readonly slugConflict?: SlugConflict
}

/** {@link CreateNodeInput} after validation. */
export interface CreateNodeCommand {
  kind: string
  status: 'draft' | 'published'
  parentId: string | null
  categoryId: string | null
  authorId?: string | null
  position: number
  metadata: Record<string, unknown>
  translations: { locale: string; title: string; slug?: string; excerpt?: string | null }[]
  bodies: ParsedBody[]
  publishAt: Date | null
  unpublishAt: Date | null
  slugConflict: SlugConflict
}

/** The schema of {@link CreateNodeInput}. */
export const CreateNodeSchema: v.GenericSchema<CreateNodeInput, CreateNodeCommand> = v.pipe(
  v.object({
    kind: KindSchema,
    status: v.optional(v.picklist(['draft', 'published'], 'must be draft or published'), 'draft'),
    parentId: v.optional(v.nullable(IdSchema), null),
    categoryId: v.optional(v.nullable(IdSchema), null),
    authorId: v.optional(v.nullable(IdSchema)),
    position: v.optional(PositionSchema, 0),
    metadata: v.optional(MetadataSchema, {}),
    translations: v.pipe(
      localeList(TranslationInputSchema, 'translation'),
      v.minLength(1, 'must have at least one translation'),
    ),
    bodies: v.optional(localeList(BodyInputSchema, 'body'), []),
    publishAt: v.optional(v.nullable(InstantSchema), null),
    unpublishAt: v.optional(v.nullable(InstantSchema), null),
    slugConflict: v.optional(SlugConflictSchema, 'error'),
  }),
  v.forward(
    v.check(
      (input) => !input.publishAt || !input.unpublishAt || input.unpublishAt > input.publishAt,
      'must be after publishAt',
    ),
    ['unpublishAt'],
  ),
)

/**
 * Input of `nodes.patch`. Translations and bodies merge by locale: a patch to `ru` never drops
 * `en`; `removeLocales` drops a locale's translation and body on purpose. An absent field stays;
 * `null` clears a nullable one.
 */
export interface PatchNodeInput {
  readonly categoryId?: string | null
  readonly authorId?: string
  readonly position?: number
  readonly metadata?: Readonly<Record<string, unknown>>
  readonly translations?: readonly TranslationInput[]
  readonly bodies?: readonly BodyInput[]
  readonly removeLocales?: readonly string[]
  readonly publishAt?: string | Date | null
  readonly unpublishAt?: string | Date | null
  /** The revision the caller edited; `CONFLICT` if the node has changed since (lost update). */
  readonly expectedRevision?: number
  /** Default `error`. */
  readonly slugConflict?: SlugConflict
}

/** {@link PatchNodeInput} after validation. */
export interface PatchNodeCommand {
  categoryId?: string | null
  authorId?: string
  position?: number
  metadata?: Record<string, unknown>
  translations?: { locale: string; title?: string; slug?: string; excerpt?: string | null }[]
  bodies?: ParsedBody[]
  removeLocales?: string[]
  publishAt?: Date | null
  unpublishAt?: Date | null
  expectedRevision?: number
  slugConflict: SlugConflict
}

/** The schema of {@link PatchNodeInput}. */
export const PatchNodeSchema: v.GenericSchema<PatchNodeInput, PatchNodeCommand> = v.object({
  categoryId: v.optional(v.nullable(IdSchema)),
  authorId: v.optional(IdSchema),
  position: v.optional(PositionSchema),
  metadata: v.optional(MetadataSchema),
  translations: v.optional(localeList(TranslationPatchSchema, 'translation')),
  bodies: v.optional(localeList(BodyInputSchema, 'body')),
  removeLocales: v.optional(v.pipe(v.array(LocaleSchema, 'must be a list'), v.maxLength(50))),
  publishAt: v.optional(v.nullable(InstantSchema)),
  unpublishAt: v.optional(v.nullable(InstantSchema)),
  expectedRevision: v.optional(
    v.pipe(v.number('must be a number'), v.safeInteger('must be an integer'), v.minValue(0)),
  ),
  slugConflict: v.optional(SlugConflictSchema, 'error'),
})

/** Input of `nodes.move`: a new parent (`null`: the root) and optionally a position. */
export interface MoveNodeInput {
  readonly parentId: string | null
  readonly position?: number
}

/** The schema of {@link MoveNodeInput}. */
export const MoveNodeSchema: v.GenericSchema<
  MoveNodeInput,
  { parentId: string | null; position?: number }
> = v.object({
  parentId: v.nullable(IdSchema),
  position: v.optional(PositionSchema),
})

/** The fields a node list can be sorted by; ties are broken by id. */
export const NODE_SORT_FIELDS: readonly ['createdAt', 'updatedAt', 'publishedAt', 'position'] = [
  'createdAt',
  'updatedAt',
  'publishedAt',
  'position',
]
export type NodeSortField = (typeof NODE_SORT_FIELDS)[number]

/** Input of `nodes.list`. */
export interface ListNodesInput {
  /** 1–100, default 20. */
  readonly limit?: number
  /** Default `createdAt` descending. */
  readonly sort?: { readonly field: NodeSortField; readonly direction: 'asc' | 'desc' }
  /** The `next` of the previous page with the same sort and filters. */
  readonly after?: { readonly value: string | number; readonly id: string }
  readonly kind?: string
  readonly status?: NodeStatus
  readonly authorId?: string
  readonly categoryId?: string
  readonly tagId?: string
  /** A parent's id, or `null` for root nodes only. */
  readonly parentId?: string | null
  /** The reader's locale for each item's translation (fallback applied); default `en`. */
  readonly locale?: string
  readonly publishedFrom?: string | Date
  readonly publishedTo?: string | Date
  /** Case-insensitive substring of a title in any locale (until the index module exists). */
  readonly q?: string
  /** Soft-deleted nodes only (the bin) instead of live ones. */
  readonly deleted?: boolean
}

/** {@link ListNodesInput} after validation. */
export interface ListNodesQuery {
  limit: number
  sort: { field: NodeSortField; direction: 'asc' | 'desc' }
  after?: { value: string | number; id: string }
  kind?: string
  status?: NodeStatus
  authorId?: string
  categoryId?: string
  tagId?: string
  parentId?: string | null
  locale?: string
  publishedFrom?: Date
  publishedTo?: Date
  q?: string
  deleted: boolean
}

/** The schema of {@link ListNodesInput}. */
export const ListNodesSchema: v.GenericSchema<ListNodesInput, ListNodesQuery> = v.object({
  limit: v.optional(
    v.pipe(
      v.number('must be a number'),
      v.safeInteger('must be an integer'),
      v.minValue(1, 'must be at least 1'),
      v.maxValue(100, 'must be at most 100'),
    ),
    20,
  ),
  sort: v.optional(
    v.object({
      field: v.picklist(NODE_SORT_FIELDS, 'must be a sortable field'),
      direction: v.picklist(['asc', 'desc'], 'must be asc or desc'),
    }),
    { field: 'createdAt', direction: 'desc' },
  ),
  after: v.optional(v.object({ value: v.union([v.string(), v.number()]), id: IdSchema })),
  kind: v.optional(KindSchema),
  status: v.optional(v.picklist(['draft', 'published', 'archived'], 'must be a node status')),
  authorId: v.optional(IdSchema),
  categoryId: v.optional(IdSchema),
  tagId: v.optional(IdSchema),
  parentId: v.optional(v.nullable(IdSchema)),
  locale: v.optional(LocaleSchema),
  publishedFrom: v.optional(InstantSchema),
  publishedTo: v.optional(InstantSchema),
  q: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.trim(),
      v.maxLength(200, 'must be at most 200 characters'),
    ),
  ),
  deleted: v.optional(v.boolean('must be a boolean'), false),
})
