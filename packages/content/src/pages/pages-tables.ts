import type { ColumnType } from 'kysely'
import type { ContentTables } from '../content-tables'

type JsonColumn<T> = ColumnType<T, string, string>
type Timestamp = ColumnType<Date, Date | undefined, Date>

/** `content_page_blocks`. */
export interface PageBlocksTable {
  id: string
  tenant_id: string
  page_id: string
  page_kind: ColumnType<string, string | undefined, never>
  position: number
  type: string
  data: JsonColumn<Record<string, unknown>>
  created_at: Timestamp
  updated_at: Timestamp
}

/** `content_page_block_translations`. */
export interface PageBlockTranslationsTable {
  tenant_id: string
  block_id: string
  locale: string
  texts: JsonColumn<Record<string, unknown>>
}

/** `content_menus`. */
export interface MenusTable {
  id: string
  tenant_id: string
  location: string
  name: string
  updated_at: Timestamp
}

/** `content_menu_items`. */
export interface MenuItemsTable {
  id: string
  tenant_id: string
  menu_id: string
  parent_id: string | null
  position: number
  depth: number
  node_id: string | null
  url: string | null
  labels: JsonColumn<Record<string, string>>
}

/** `content_page_preview_keys`. */
export interface PagePreviewKeysTable {
  tenant_id: string
  secret: Buffer
  created_at: Timestamp
}

/** The content tables with the pages' own. */
export interface PagesTables extends ContentTables {
  content_page_blocks: PageBlocksTable
  content_page_block_translations: PageBlockTranslationsTable
  content_menus: MenusTable
  content_menu_items: MenuItemsTable
  content_page_preview_keys: PagePreviewKeysTable
}
