import { createIdempotentHandler, type IdempotentHandler } from '@rustok/outbox'
import type { EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import type { IndexLocale } from '../documents/index-locales'
import type { IndexEntity } from '../index-tables'
import { CONTENT_EVENT_TYPES, PRODUCT_EVENT_TYPES, targetsOf } from './event-targets'
import { project, type ProjectorDeps } from './projector'

/* eslint-disable @typescript-eslint/no-explicit-any -- the handlers write to any database with the index tables */

/** The inbox keys of the projections: renaming one would replay every past event into it. */
export const INDEX_HANDLERS: Readonly<Record<IndexEntity, string>> = {
  content: 'index-content',
  products: 'index-products',
}

/** The event types each projection follows. */
export const INDEX_EVENT_TYPES: Readonly<Record<IndexEntity, readonly string[]>> = {
  content: CONTENT_EVENT_TYPES,
  products: PRODUCT_EVENT_TYPES,
}

/** Options of {@link createIndexHandlers}. */
export interface IndexHandlersOptions extends ProjectorDeps {
  readonly db: Kysely<any>
}

/**
 * The projections as idempotent outbox handlers (inbox): each event names the entities it
 * changed; the handler re-reads them from their source and replaces their documents in the same
 * transaction as its inbox row. Re-reading makes the result independent of delivery order and of
 * redelivery; one handler per entity with concurrency 1 keeps an aggregate's events in order.
 *
 * @example
 * ```ts
 * for (const handler of createIndexHandlers({ db, sources, locales })) dispatcher.register(handler)
 * ```
 */
export function createIndexHandlers(options: IndexHandlersOptions): IdempotentHandler[] {
  const entities = (['content', 'products'] as const).filter((entity) =>
    entity === 'content' ? options.sources.content : options.sources.products,
  )
  const inbox = (entity: IndexEntity, locales: readonly IndexLocale[] | null) =>
    createIdempotentHandler({
      name: INDEX_HANDLERS[entity],
      types: INDEX_EVENT_TYPES[entity],
      db: options.db,
      handle: async (trx, event) => {
        const ids = await targetsOf(trx, entity, event)
        await project(options, trx, { tenantId: event.tenantId, entity, ids, locales })
        await sql`
          insert into index_projection_state (handler, last_event_id, last_occurred_at)
          values (${INDEX_HANDLERS[entity]}, ${event.id}, ${event.occurredAt})
          on conflict (handler) do update set last_event_id = excluded.last_event_id,
            last_occurred_at = excluded.last_occurred_at, applied_at = now()`.execute(trx)
      },
    })
  return entities.map((entity) => {
    // The tenant's locales are resolved before the handler's transaction opens.
    const apply = async (event: EventEnvelope) =>
      inbox(entity, await options.locales(event.tenantId)).apply(event)
    return {
      name: INDEX_HANDLERS[entity],
      types: INDEX_EVENT_TYPES[entity],
      concurrency: 1,
      apply,
      handle: async (event: EventEnvelope) => {
        await apply(event)
      },
    }
  })
}
