import type { EventDefinition, EventEnvelope } from '@rustok/core-events'
import { createEnvelope } from '@rustok/core-events'
import type { AuthDb } from '../auth-tables'
import type { AuthEventContext, EventWriter } from '../event-writer'

/** Collects the events of one transaction; they are written just before it commits. */
export interface EventBuffer {
  add<TType extends string, TPayload>(
    definition: EventDefinition<TType, TPayload>,
    payload: NoInfer<TPayload>,
  ): void
}

/** What {@link transact} needs. */
export interface TransactDeps {
  readonly db: AuthDb
  readonly events: EventWriter
  readonly now: () => Date
}

/** Scope of the events: the tenant plus the optional actor/correlation context. */
export interface EventScope {
  readonly tenantId: string
  readonly context?: AuthEventContext | undefined
}

/**
 * Runs `work` in one transaction and publishes the events it buffered in that same transaction,
 * so a state change and its events commit or roll back together.
 */
export async function transact<T>(
  deps: TransactDeps,
  scope: EventScope,
  work: (trx: AuthDb, events: EventBuffer) => Promise<T>,
): Promise<T> {
  const result = await deps.db.transaction().execute(async (trx) => {
    const envelopes: EventEnvelope[] = []
    const buffer: EventBuffer = {
      add(definition, payload) {
        envelopes.push(
          createEnvelope(
            definition,
            payload,
            { ...scope.context, tenantId: scope.tenantId },
            { now: deps.now },
          ),
        )
      },
    }
    const value = await work(trx, buffer)
    if (envelopes.length > 0) await deps.events.publishInTx(trx, envelopes)
    return value
  })
  deps.events.committed?.(deps.db)
  return result
}
