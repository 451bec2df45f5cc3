import type { ColumnType, Generated } from 'kysely'

/** A `jsonb` column: read as a value, written as its JSON text. */
export type JsonColumn<T> = ColumnType<T, string, string>

/** A `timestamptz` column with a database default. */
export type Timestamp = ColumnType<Date, Date | undefined, Date>

/** The lifecycle of a node (requirement N3). */
export type NodeStatus = 'draft' | 'published' | 'archived'

/** The formats a body is stored in. */
export type BodyFormat = 'markdown' | 'html' | 'plain' | 'json'

/** `content_nodes`: one piece of content of any kind (post, page, article, forum topic, …). */
export interface ContentNodesTable {
  id: string
  tenant_id: string
  kind: string
  parent_id: string | null
  depth: Generated<number>
  author_id: string | null
  category_id: string | null
  status: Generated<NodeStatus>
  position: Generated<number>
  metadata: JsonColumn<Record<string, unknown>>
  created_at: Timestamp
  updated_at: Timestamp
  published_at: Date | null
  publish_at: Date | null
  unpublish_at: Date | null
  deleted_at: Date | null
  /** The number of the node's latest revision. */
  revision: Generated<number>
}

/** `content_node_translations`: a node's title, slug and excerpt in one locale. */
export interface ContentNodeTranslationsTable {
  tenant_id: string
  node_id: string
  /** The node's kind, copied so slugs are unique per (tenant, kind, locale). */
  kind: string
  locale: string
  title: string
  slug: string
  excerpt: string | null
  updated_at: Timestamp
}

/** `content_slug_history`: slugs a node had, still resolving to it. */
export interface ContentSlugHistoryTable {
  tenant_id: string
  kind: string
  locale: string
  slug: string
  node_id: string
  retired_at: Timestamp
}

/** `content_bodies`: a node's body in one locale. */
export interface ContentBodiesTable {
  tenant_id: string
  node_id: string
  locale: string
  format: BodyFormat
  body: string
  updated_at: Timestamp
}

/** `content_revisions`: what a node's texts and metadata were after each change. */
export interface ContentRevisionsTable {
  tenant_id: string
  node_id: string
  number: number
  actor_id: string | null
  reason: 'create' | 'update' | 'restore'
  snapshot: JsonColumn<unknown>
  created_at: Timestamp
}

/** `content_categories`: a tree of categories per tenant. */
export interface ContentCategoriesTable {
  id: string
  tenant_id: string
  parent_id: string | null
  position: Generated<number>
  depth: Generated<number>
  /** Live (not deleted) nodes in the category, kept in the same transaction as the change. */
  node_count: Generated<number>
  created_at: Timestamp
  updated_at: Timestamp
}

/** `content_category_translations`. */
export interface ContentCategoryTranslationsTable {
  tenant_id: string
  category_id: string
  locale: string
  name: string
  slug: string
  description: string | null
}

/** `content_tags`. */
export interface ContentTagsTable {
  id: string
  tenant_id: string
  /** Nodes carrying the tag, kept in the same transaction as attach and detach. */
  use_count: Generated<number>
  created_at: Timestamp
}

/** `content_tag_translations`. */
export interface ContentTagTranslationsTable {
  tenant_id: string
  tag_id: string
  locale: string
  name: string
  slug: string
}

/** `content_node_tags`: which node carries which tag. */
export interface ContentNodeTagsTable {
  tenant_id: string
  node_id: string
  tag_id: string
  created_at: Timestamp
}

/** `content_seo`: SEO meta of a node in one locale. */
export interface ContentSeoTable {
  tenant_id: string
  node_id: string
  locale: string
  title: string | null
  description: string | null
  keywords: string | null
  canonical_url: string | null
  robots: string | null
  open_graph: JsonColumn<Record<string, unknown>>
  structured_data: JsonColumn<unknown> | null
  updated_at: Timestamp
}

/** `content_media`: an uploaded file; its bytes are in the storage driver under `storage_key`. */
export interface ContentMediaTable {
  id: string
  tenant_id: string
  uploaded_by: string | null
  /** The stored name (the media id), never the client's. */
  filename: string
  original_name: string
  mime_type: string
  /** `bigint`: read as a string by node-postgres, a number by PGlite. */
  size: ColumnType<string | number | bigint, number, number>
  width: number | null
  height: number | null
  storage_driver: string
  storage_key: string
  /** SHA-256 of the bytes, lowercase hex. */
  checksum: string
  metadata: JsonColumn<Record<string, unknown>>
  created_at: Timestamp
}

/** `content_media_translations`: a media item's title, alt text and caption in one locale. */
export interface ContentMediaTranslationsTable {
  tenant_id: string
  media_id: string
  locale: string
  title: string | null
  alt_text: string | null
  caption: string | null
}

/** The tables of `@rustok/content`, to intersect with an application's own `DB` type. */
export interface ContentTables {
  content_nodes: ContentNodesTable
  content_node_translations: ContentNodeTranslationsTable
  content_slug_history: ContentSlugHistoryTable
  content_bodies: ContentBodiesTable
  content_revisions: ContentRevisionsTable
  content_categories: ContentCategoriesTable
  content_category_translations: ContentCategoryTranslationsTable
  content_tags: ContentTagsTable
  content_tag_translations: ContentTagTranslationsTable
  content_node_tags: ContentNodeTagsTable
  content_seo: ContentSeoTable
  content_media: ContentMediaTable
  content_media_translations: ContentMediaTranslationsTable
}
