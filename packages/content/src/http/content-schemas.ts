import { listQuery, timestampParam, UuidParam } from '@rustok/http'
import * as v from 'valibot'
import {
  BodyInputSchema,
  KindSchema,
  NODE_SORT_FIELDS,
  TranslationInputSchema,
  TranslationPatchSchema,
} from '../index'
import { LocalizedSeoSchema, NodeSeoSchema } from './seo-schemas'

const NullableString = v.nullable(v.string())
const Status = v.picklist(['draft', 'published', 'archived'])
const Format = v.picklist(['markdown', 'html', 'plain', 'json'])

const NodeFieldEntries = {
  id: v.string(),
  tenantId: v.string(),
  kind: v.string(),
  status: Status,
  parentId: NullableString,
  depth: v.number(),
  authorId: NullableString,
  categoryId: NullableString,
  position: v.number(),
  metadata: v.record(v.string(), v.unknown()),
  createdAt: v.string(),
  updatedAt: v.string(),
  publishedAt: NullableString,
  publishAt: NullableString,
  unpublishAt: NullableString,
  deletedAt: NullableString,
  revision: v.number(),
}

/** A node with every translation and body (admin). */
export const NodeSchema = v.object({
  ...NodeFieldEntries,
  translations: v.array(
    v.object({ locale: v.string(), title: v.string(), slug: v.string(), excerpt: NullableString }),
  ),
  bodies: v.array(
    v.object({ locale: v.string(), format: Format, body: v.string(), updatedAt: v.string() }),
  ),
  tagIds: v.array(v.string()),
  seo: v.array(NodeSeoSchema),
})

const localized = <S extends v.GenericSchema>(value: S) =>
  v.nullable(
    v.object({
      locale: v.pipe(v.string(), v.description('The locale this text is in.')),
      requested: v.pipe(v.string(), v.description('The locale that was asked for.')),
      fallback: v.pipe(v.boolean(), v.description('True when `locale` differs from `requested`.')),
      value,
    }),
  )

const TranslationValue = v.object({ title: v.string(), slug: v.string(), excerpt: NullableString })

/** A node in one locale, through the tenant's fallback chain. */
export const LocalizedNodeSchema = v.object({
  ...NodeFieldEntries,
  translation: localized(TranslationValue),
  body: localized(
    v.object({
      format: Format,
      body: v.string(),
      html: v.optional(
        v.pipe(v.string(), v.description('With `format=html`: the body as sanitised HTML.')),
      ),
    }),
  ),
  tagIds: v.array(v.string()),
  seo: LocalizedSeoSchema,
})

/** A node in a list: its fields and its translation in the reader's locale. */
export const NodeListItemSchema = v.object({
  ...NodeFieldEntries,
  translation: localized(TranslationValue),
})

/** A node's revision in a list. */
export const RevisionSummarySchema = v.object({
  nodeId: v.string(),
  number: v.number(),
  actorId: NullableString,
  reason: v.picklist(['create', 'update', 'restore']),
  createdAt: v.string(),
})

/** One revision with what the node was after it. */
export const RevisionSchema = v.object({
  ...RevisionSummarySchema.entries,
  snapshot: v.object({
    metadata: v.record(v.string(), v.unknown()),
    translations: v.array(
      v.object({
        locale: v.string(),
        title: v.string(),
        slug: v.string(),
        excerpt: NullableString,
      }),
    ),
    bodies: v.array(v.object({ locale: v.string(), format: Format, body: v.string() })),
  }),
})

export const NodeIdParams = v.object({ id: v.pipe(v.string(), v.uuid('Expected a UUID')) })

export const RevisionParams = v.object({
  id: v.pipe(v.string(), v.uuid('Expected a UUID')),
  number: v.pipe(
    v.string(),
    v.regex(/^[1-9]\d{0,8}$/, 'Expected a revision number'),
    v.transform(Number),
  ),
})

const Instant = v.nullable(
  v.pipe(
    v.string(),
    v.isoTimestamp('Expected an ISO 8601 timestamp with a zone'),
    v.description('An ISO 8601 timestamp with a zone, or null.'),
  ),
)
const Metadata = v.pipe(
  v.record(v.string(), v.unknown()),
  v.description('A JSON object of at most 64 KiB.'),
)
const Position = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))
const SlugConflict = v.optional(
  v.pipe(
    v.picklist(['error', 'suffix']),
    v.description('A taken slug: 409 (`error`, default) or the next free `-2`, `-3` (`suffix`).'),
  ),
)

/** Body of `POST /api/content/nodes`. */
export const CreateNodeBody = v.object({
  kind: KindSchema,
  status: v.optional(v.picklist(['draft', 'published'])),
  parentId: v.optional(v.nullable(v.pipe(v.string(), v.uuid()))),
  categoryId: v.optional(v.nullable(v.pipe(v.string(), v.uuid()))),
  authorId: v.optional(
    v.pipe(
      v.nullable(v.pipe(v.string(), v.uuid())),
      v.description('Another author; only for callers who may change every node.'),
    ),
  ),
  position: v.optional(Position),
  metadata: v.optional(Metadata),
  translations: v.pipe(v.array(TranslationInputSchema), v.minLength(1)),
  bodies: v.optional(v.array(BodyInputSchema)),
  publishAt: v.optional(Instant),
  unpublishAt: v.optional(Instant),
  slugConflict: SlugConflict,
})

/** Body of `PATCH /api/content/nodes/:id`: merges by locale; absent fields stay. */
export const PatchNodeBody = v.object({
  categoryId: v.optional(v.nullable(v.pipe(v.string(), v.uuid()))),
  authorId: v.optional(v.pipe(v.string(), v.uuid())),
  position: v.optional(Position),
  metadata: v.optional(Metadata),
  translations: v.optional(v.array(TranslationPatchSchema)),
  bodies: v.optional(v.array(BodyInputSchema)),
  removeLocales: v.optional(v.array(v.string())),
  publishAt: v.optional(Instant),
  unpublishAt: v.optional(Instant),
  expectedRevision: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(0),
      v.description('The revision you edited: 409 if the node has changed since.'),
    ),
  ),
  slugConflict: SlugConflict,
})

/** Body of `POST /api/content/nodes/:id/move`. */
export const MoveNodeBody = v.object({
  parentId: v.pipe(
    v.nullable(v.pipe(v.string(), v.uuid())),
    v.description('The new parent, or null for the root.'),
  ),
  position: v.optional(Position),
})

const LocaleParam = v.optional(
  v.pipe(
    v.string(),
    v.maxLength(10),
    v.description("The reader's locale; default: the tenant's default locale."),
  ),
)
const FormatParam = v.optional(
  v.pipe(
    v.picklist(['stored', 'html']),
    v.description('`html`: add the body as sanitised HTML (markdown rendered).'),
  ),
)

const listFilters = {
  kind: v.optional(KindSchema),
  authorId: UuidParam,
  categoryId: UuidParam,
  tagId: UuidParam,
  parentId: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(root|[0-9a-fA-F-]{36})$/, 'Expected a UUID or root'),
      v.description('A parent id, or `root` for nodes without a parent.'),
    ),
  ),
  locale: LocaleParam,
  publishedFrom: timestampParam('Published at or after'),
  publishedTo: timestampParam('Published before'),
  q: v.optional(
    v.pipe(v.string(), v.maxLength(200), v.description('Case-insensitive part of a title.')),
  ),
}

/** Query of the admin node list. */
export const AdminNodeListQuery = listQuery({
  sort: [...NODE_SORT_FIELDS],
  defaultSort: '-createdAt',
  filters: {
    ...listFilters,
    status: v.optional(Status),
    deleted: v.optional(
      v.pipe(
        v.picklist(['true', 'false']),
        v.transform((text) => text === 'true'),
        v.description('`true`: the bin (soft-deleted nodes) instead of live ones.'),
      ),
    ),
  },
})

/** Query of the public node list: published nodes only. */
export const PublicNodeListQuery = listQuery({
  sort: [...NODE_SORT_FIELDS],
  defaultSort: '-publishedAt',
  filters: listFilters,
})

/** Query of a localized read. */
export const LocalizedReadQuery = v.object({ locale: LocaleParam, format: FormatParam })

/** Path of a slug lookup. */
export const SlugParams = v.object({
  kind: KindSchema,
  locale: v.pipe(v.string(), v.maxLength(10)),
  slug: v.pipe(v.string(), v.maxLength(200)),
})
