import type { EventType } from '@rustok/core-events'
import { indexUpdated, reindexRequested } from './events/index-events'

/** Any one of the index event definitions. */
export type IndexEventDefinition = typeof reindexRequested | typeof indexUpdated

/** The dotted type names of the index events. */
export type IndexEventType = EventType<IndexEventDefinition>

/**
 * The events of `@rustok/index` (`index.*`), locked in its `events.lock.json`; compose them into
 * the application catalogue with `createEventCatalog(indexEvents, …)`.
 */
export const indexEvents: readonly IndexEventDefinition[] = [reindexRequested, indexUpdated]
