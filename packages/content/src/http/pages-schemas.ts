import * as v from 'valibot'
import { BLOCK_TYPES, MAX_MENU_DEPTH, MENU_LOCATIONS } from '../pages/index'
import { CreateNodeBody, LocalizedNodeSchema, NodeSchema } from './content-schemas'

const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const NullableString = v.nullable(v.string())
const Json = v.record(v.string(), v.unknown())
const BlockType = v.picklist(BLOCK_TYPES)

const { kind: _kind, ...createEntries } = CreateNodeBody.entries

/** Body of `POST /api/pages`: a node of kind `page` with a template. */
export const CreatePageBody = v.object({
  ...createEntries,
  template: v.optional(
    v.pipe(v.string(), v.description('A layout the front end knows; default `default`.')),
  ),
})

const PageBlockSchema = v.object({
  id: v.string(),
  position: v.number(),
  type: BlockType,
  data: Json,
  texts: v.pipe(v.record(v.string(), Json), v.description('Texts by locale.')),
  updatedAt: v.string(),
})

const LocalizedBlockSchema = v.object({
  id: v.string(),
  type: BlockType,
  data: Json,
  texts: v.nullable(Json),
  locale: NullableString,
})

/** A page as editors see it. */
export const AdminPageSchema = v.object({
  ...NodeSchema.entries,
  template: v.string(),
  blocks: v.array(PageBlockSchema),
})

/** A page as a reader gets it: texts, SEO and blocks in one locale. */
export const PublicPageSchema = v.object({
  ...LocalizedNodeSchema.entries,
  template: v.string(),
  blocks: v.array(LocalizedBlockSchema),
})

/** Params of a page and of a block of a page. */
export const PageParams = v.object({ id: Uuid })
export const BlockParams = v.object({ id: Uuid, blockId: Uuid })

/** Body of adding a block: its type's own schemas check `data` and `texts` after this. */
export const AddBlockBody = v.object({
  type: v.pipe(BlockType, v.description('One of the 15 block types.')),
  data: v.optional(v.pipe(Json, v.description("The type's language-free fields."))),
  texts: v.optional(v.pipe(v.record(v.string(), Json), v.description('Texts by locale.'))),
  position: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(0), v.description('Default: last.')),
  ),
})

/** Body of a block update: `data` replaces; texts merge by locale (`null` drops one). */
export const UpdateBlockBody = v.object({
  data: v.optional(Json),
  texts: v.optional(v.record(v.string(), v.nullable(Json))),
})

/** Body of a reorder: every block id of the page in the new order. */
export const ReorderBody = v.object({ blockIds: v.array(Uuid) })

/** Body of a preview token request. */
export const PreviewTokenBody = v.object({
  ttlSeconds: v.optional(
    v.pipe(v.number(), v.integer(), v.description('1 to 86400; default 900 (15 minutes).')),
  ),
})

export const PreviewTokenSchema = v.object({ token: v.string(), expiresAt: v.string() })

/** A location param. */
export const MenuParams = v.object({
  location: v.pipe(v.picklist(MENU_LOCATIONS), v.description(MENU_LOCATIONS.join(', '))),
})

// Menus nest to a bounded depth: the schemas are written out level by level (no recursion, so
// the OpenAPI document stays plain).
const nested = <T extends v.ObjectEntries>(entries: T, levels: number): v.GenericSchema =>
  levels === 0
    ? v.object(entries)
    : v.object({ ...entries, children: v.optional(v.array(nested(entries, levels - 1))) })

/** Body of setting a menu. */
export const SetMenuBody = v.object({
  name: v.string(),
  items: v.array(
    nested(
      {
        labels: v.pipe(v.record(v.string(), v.string()), v.description('Labels by locale.')),
        nodeId: v.optional(Uuid),
        url: v.optional(v.string()),
      },
      MAX_MENU_DEPTH,
    ),
  ),
})

const itemLevels = <T extends v.ObjectEntries>(entries: T, levels: number): v.GenericSchema =>
  levels === 0
    ? v.object({ ...entries, children: v.array(v.object({})) })
    : v.object({ ...entries, children: v.array(itemLevels(entries, levels - 1)) })

/** A menu as editors see it. */
export const MenuSchema = v.object({
  id: v.string(),
  location: v.string(),
  name: v.string(),
  updatedAt: v.string(),
  items: v.array(
    itemLevels(
      { labels: v.record(v.string(), v.string()), nodeId: NullableString, url: NullableString },
      MAX_MENU_DEPTH,
    ),
  ),
})

/** A menu as a reader gets it. */
export const ResolvedMenuSchema = v.object({
  items: v.array(
    itemLevels(
      {
        label: v.string(),
        locale: v.string(),
        url: NullableString,
        node: v.nullable(v.object({ id: v.string(), kind: v.string(), slug: v.string() })),
      },
      MAX_MENU_DEPTH,
    ),
  ),
})

/** Query of a public page or menu read. */
export const PageReadQuery = v.object({
  locale: v.optional(
    v.pipe(v.string(), v.maxLength(10), v.description("Default: the tenant's default locale.")),
  ),
})

/** Params of a preview read. */
export const PreviewParams = v.object({
  token: v.pipe(
    v.string(),
    v.maxLength(2000),
    v.description('A token from `POST /api/pages/:id/preview-token`.'),
  ),
})

/** Params of a public page read. */
export const PageSlugParams = v.object({ slug: v.pipe(v.string(), v.maxLength(200)) })
