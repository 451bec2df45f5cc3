export { IndexError, isIndexError } from './index-error'
export type { IndexErrorCode, IndexFieldError } from './index-error'
export { indexEvents } from './index-events'
export type { IndexEventDefinition, IndexEventType } from './index-events'
export { indexUpdated, reindexRequested } from './events/index-events'
export type { IndexUpdatedPayload, ReindexRequestedPayload } from './events/index-events'
export { indexMigrations } from './index-migrations'
export type {
  IndexEntity,
  IndexGenerationsTable,
  IndexProjectionStateTable,
  IndexTables,
} from './index-tables'
export { searchConfig } from './search-config'
export type { ContentDocument } from './documents/content-document'
export { contentDocuments } from './documents/content-document'
export type { IndexDocument, ProductDocument } from './documents/product-document'
export { productDocuments } from './documents/product-document'
export type { IndexLocale, IndexLocales } from './documents/index-locales'
export { project } from './projection/projector'
export type { IndexSources, ProjectorDeps, ProjectTarget } from './projection/projector'
export {
  createIndexHandlers,
  INDEX_EVENT_TYPES,
  INDEX_HANDLERS,
  INDEX_LOCALES_HANDLER,
} from './projection/index-handlers'
export type { IndexHandlersOptions } from './projection/index-handlers'
export { createPgSearchEngine } from './search/pg-search-engine'
export { createMemorySearchEngine } from './search/memory-search-engine'
export type { MemorySearchEngine } from './search/memory-search-engine'
export { PRICE_BANDS } from './search/search-port'
export type {
  ContentHit,
  ContentSearch,
  FacetCount,
  ProductHit,
  ProductSearch,
  SearchBase,
  SearchEngine,
  SearchFacets,
  SearchPage,
} from './search/search-port'
export { readContentDocuments, readProductDocuments } from './projection/document-reads'
export type { DocumentScope } from './projection/document-reads'
export {
  hasApplied,
  outboxPosition,
  projectionLag,
  waitForPosition,
} from './projection/projection-lag'
export type { ProjectionLag } from './projection/projection-lag'
export { rebuildIndex, rebuildStatus, restartRebuild } from './rebuild/rebuild'
export type { RebuildDeps, RebuildOptions, RebuildStatus } from './rebuild/rebuild'
export { checkDrift } from './rebuild/drift'
export type { DriftReport } from './rebuild/drift'
