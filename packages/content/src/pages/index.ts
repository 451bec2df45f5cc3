// @rustok/content/pages: pages with typed, translated blocks, menus and preview tokens, over
// content nodes. Framework-free like the main entry; the pages' HTTP module is in @rustok/content/http.
export { BLOCK_SCHEMAS, BLOCK_TYPES } from './block-types'
export type { BlockType } from './block-types'
export type { LocalizedBlock, PageBlock } from './block-types-out'
export {
  AddBlockSchema,
  MAX_PAGE_BLOCKS,
  ReorderBlocksSchema,
  UpdateBlockSchema,
} from './block-schemas'
export type { AddBlockInput, ReorderBlocksInput, UpdateBlockInput } from './block-schemas'
export type { BlockRef, PageRef } from './block-writes'
export { createMenuService } from './menu-service'
export type { Menu, MenuItem, MenuService, ResolvedMenuItem } from './menu-service'
export { MAX_MENU_ITEMS, MenuLocationSchema, SetMenuSchema } from './menu-schemas'
export type { MenuItemCommand, MenuItemInput, MenuLocation, SetMenuInput } from './menu-schemas'
export { createPageService } from './page-service'
export type { AdminPage, CreatePageInput, PageService, PublicPage } from './page-service'
export { menuDeleted, menuUpdated, pagesEvents } from './pages-events'
export type { MenuPayload, PagesEventDefinition } from './pages-events'
export { MAX_MENU_DEPTH, MENU_LOCATIONS, pagesTables } from './pages-migration'
export type {
  MenuItemsTable,
  MenusTable,
  PageBlocksTable,
  PageBlockTranslationsTable,
  PagePreviewKeysTable,
  PagesTables,
} from './pages-tables'
export { PREVIEW_TTL_SECONDS } from './preview-tokens'
