import { createEnvelope, type EventDefinition, type EventEnvelope } from '@rustok/core-events'
import type { Transaction } from 'kysely'
import type { ResolvedWebhookDeps } from '../webhook-deps'
import type { WebhookTables } from '../webhook-tables'

/** Who makes a change, and the chain it belongs to. */
export interface WebhookActor {
  readonly userId: string | null
  readonly correlationId?: string | null
  readonly traceId?: string | null
}

/** Collects a change's events; they are published in its transaction at the end. */
export interface EventSink {
  add<T extends string, P>(definition: EventDefinition<T, P>, payload: NoInfer<P>): void
}

/** Runs one change in a transaction with its events, through the outbox (E1). */
export async function writeChange<T>(
  deps: Pick<ResolvedWebhookDeps, 'db' | 'events' | 'now' | 'newId'>,
  change: { readonly tenantId: string; readonly actor: WebhookActor },
  work: (trx: Transaction<WebhookTables>, events: EventSink) => Promise<T>,
): Promise<T> {
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
    if (envelopes.length > 0) await deps.events.publishInTx(trx, envelopes)
    return out
  })
  deps.events.committed?.(deps.db)
  return result
}
