import { uniqueViolation } from '@rustok/core-db'
import { createEnvelope, type EventDefinition, type EventEnvelope } from '@rustok/core-events'
import type { Transaction } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'

/** Who makes a change, and the chain it belongs to. */
export interface CommerceActor {
  readonly userId: string | null
  readonly correlationId?: string | null
  readonly traceId?: string | null
}

/** Collects a change's events; they are published in its transaction at the end. */
export interface EventSink {
  add<T extends string, P>(definition: EventDefinition<T, P>, payload: NoInfer<P>): void
}

// A unique violation's constraint → the field it is about and what is taken.
const UNIQUE_FIELDS: Readonly<Record<string, string>> = {
  commerce_product_handle_key: 'handle',
  commerce_variants_sku_key: 'sku',
  commerce_variants_barcode_key: 'barcode',
  commerce_products_external_key: 'externalId',
  commerce_collection_handle_key: 'handle',
  commerce_category_handle_key: 'handle',
  commerce_variants_options_key: 'valueIds',
}

/** The value in a unique violation's detail: `Key (…, sku)=(…, ABC-1) already exists.` */
function takenValue(error: unknown): string {
  const detail = (error as { detail?: unknown }).detail
  const match =
    typeof detail === 'string' ? /=\((?:.*, )?([^,)]+)\) already exists/.exec(detail) : null
  return match?.[1] ?? ''
}

/**
 * Runs one change in a transaction with its events, through the outbox (E1), and maps a unique
 * violation to `CONFLICT` naming the field and the value (`fieldOf` finds the input path).
 */
export async function writeCommerceChange<T>(
  deps: ResolvedCommerceDeps,
  change: {
    readonly tenantId: string
    readonly actor: CommerceActor
    readonly fieldOf?: (field: string, value: string) => string
    /** Sees the change's envelopes in its transaction, before they go to the outbox. */
    readonly beforePublish?: (
      trx: Transaction<CommerceTables>,
      envelopes: readonly EventEnvelope[],
    ) => Promise<void>
  },
  work: (trx: Transaction<CommerceTables>, events: EventSink) => Promise<T>,
): Promise<T> {
  try {
    const result = await deps.db.transaction().execute(async (trx) => {
      const envelopes: EventEnvelope[] = []
      const context = {
        tenantId: change.tenantId,
        actorId: change.actor.userId,
        correlationId: change.actor.correlationId ?? null,
        traceId: change.actor.traceId ?? null,
      }
      const sink: EventSink = {
        add: (definition, payload) => {
          envelopes.push(createEnvelope(definition, payload, context, deps))
        },
      }
      const out = await work(trx, sink)
      await change.beforePublish?.(trx, envelopes)
      if (envelopes.length > 0) await deps.events.publishInTx(trx, envelopes)
      return out
    })
    deps.events.committed?.(deps.db)
    return result
  } catch (error) {
    const field = UNIQUE_FIELDS[uniqueViolation(error) ?? '']
    if (field === undefined) throw error
    const value = takenValue(error)
    const path = change.fieldOf?.(field, value) ?? field
    throw new CommerceError('CONFLICT', `The ${field} "${value}" is taken in this tenant`, {
      cause: error,
      errors: [{ path, message: `"${value}" is taken` }],
    })
  }
}
