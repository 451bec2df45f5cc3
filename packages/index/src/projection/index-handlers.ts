import { createIdempotentHandler, type IdempotentHandler } from '@rustok/outbox'
import type { EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import type { IndexLocale } from '../documents/index-locales'
import type { IndexEntity } from '../index-tables'
import { restartRebuild } from '../rebuild/rebuild'
import { createBatchedInbox } from './batched-inbox'
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
  /** Most events applied in one transaction. Default 200 (the relay's batch). */
  readonly maxBatch?: number
  /**
   * Called after a tenant's locales changed (`locale.enabled`, `locale.disabled`) and a rebuild
   * of `entity` was restarted for it: run it (`rebuildIndex`). Without it the restarted rebuild
   * waits for whoever resumes rebuilds (the server module's job).
   */
  readonly onRebuildRequested?: (tenantId: string, entity: IndexEntity) => void
}

/** The inbox key of the handler that restarts a tenant's rebuilds when its locales change. */
export const INDEX_LOCALES_HANDLER = 'index-locales'

/**
 * The projections as idempotent outbox handlers (inbox): each event names the entities it
 * changed; the handler re-reads them from their source and replaces their documents in the same
 * transaction as its inbox row. Re-reading makes the result independent of delivery order and of
 * redelivery. The events handed over while a transaction runs go together into the next one
 * (one inbox insert, one re-read of the entities they name, one write): an aggregate's next event
 * is delivered only once its previous one has committed, so each aggregate stays in order, and a
 * burst costs a few statements per batch instead of ~20 per event (ADR 0035).
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
  const maxBatch = options.maxBatch ?? 200
  // Documents exist per locale with texts picked through the fallback chain: a change of the
  // tenant's locales changes every document, so it restarts a rebuild (readers keep the old
  // generation until the new one is complete).
  const localesHandler = createIdempotentHandler({
    name: INDEX_LOCALES_HANDLER,
    types: ['locale.enabled', 'locale.disabled'],
    db: options.db,
    handle: async (trx, event) => {
      for (const entity of entities)
        await restartRebuild(options, trx, { tenantId: event.tenantId, entity })
    },
  })
  const onLocales: IdempotentHandler = {
    ...localesHandler,
    apply: async (event) => {
      const applied = await localesHandler.apply(event)
      if (applied)
        for (const entity of entities) options.onRebuildRequested?.(event.tenantId, entity)
      return applied
    },
    handle: async (event) => {
      await onLocales.apply(event)
    },
  }
  const projections = entities.map((entity) => {
    const apply = createBatchedInbox({
      name: INDEX_HANDLERS[entity],
      db: options.db,
      maxBatch,
      // The tenants' locales are resolved before the transaction opens.
      prepare: async (events) => {
        const tenants = [...new Set(events.map((event) => event.tenantId))].sort()
        const locales = new Map<string, readonly IndexLocale[] | null>()
        for (const tenantId of tenants) locales.set(tenantId, await options.locales(tenantId))
        return (trx, fresh) => applyEvents(trx, { entity, locales, events: fresh })
      },
    })
    const applyEvents = async (
      trx: Kysely<any>,
      batch: {
        entity: IndexEntity
        locales: ReadonlyMap<string, readonly IndexLocale[] | null>
        events: readonly EventEnvelope[]
      },
    ): Promise<void> => {
      // Tenants in a fixed order: their entity locks are taken in it, so two batches never deadlock.
      for (const [tenantId, locales] of batch.locales) {
        const events = batch.events.filter((event) => event.tenantId === tenantId)
        if (events.length === 0) continue
        const ids = new Set<string>()
        const products = entity === 'products' ? options.sources.products?.(trx) : undefined
        for (const event of events)
          for (const id of await targetsOf(trx, { entity, event, products })) ids.add(id)
        await project(options, trx, { tenantId, entity, ids: [...ids], locales })
      }
      const last = batch.events.reduce((latest, event) =>
        event.occurredAt > latest.occurredAt ? event : latest,
      )
      await sql`
        insert into index_projection_state (handler, last_event_id, last_occurred_at)
        values (${INDEX_HANDLERS[entity]}, ${last.id}, ${last.occurredAt})
        on conflict (handler) do update set last_event_id = excluded.last_event_id,
          last_occurred_at = excluded.last_occurred_at, applied_at = now()`.execute(trx)
    }
    return {
      name: INDEX_HANDLERS[entity],
      types: INDEX_EVENT_TYPES[entity],
      // The dispatcher hands over up to a batch at once; the inbox runs one transaction at a time.
      concurrency: maxBatch,
      apply,
      handle: async (event: EventEnvelope) => {
        await apply(event)
      },
    }
  })
  return entities.length > 0 ? [...projections, onLocales] : projections
}
