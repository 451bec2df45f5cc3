import { createEnvelope, type EventDefinition, type EventEnvelope } from '@rustok/core-events'
import type { Kysely, Transaction } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { ContentTables } from '../content-tables'
import type { NodeRow } from './node-rows'
import type { ContentActor } from './node-types'
import { racedSlug, slugConflict } from './slugs'

/** The events a change collects while it writes, published in its transaction at the end. */
export class PendingEvents {
  readonly #envelopes: EventEnvelope[] = []
  readonly #deps: Pick<ResolvedContentDeps, 'now' | 'newId'>
  readonly #tenantId: string
  readonly #actor: ContentActor

  constructor(
    deps: Pick<ResolvedContentDeps, 'now' | 'newId'>,
    tenantId: string,
    actor: ContentActor,
  ) {
    this.#deps = deps
    this.#tenantId = tenantId
    this.#actor = actor
  }

  add<T extends string, P>(definition: EventDefinition<T, P>, payload: NoInfer<P>): void {
    const { userId, correlationId, causationId, traceId } = this.#actor
    const context = {
      tenantId: this.#tenantId,
      actorId: userId,
      correlationId: correlationId ?? null,
      causationId: causationId ?? null,
      traceId: traceId ?? null,
    }
    this.#envelopes.push(createEnvelope(definition, payload, context, this.#deps))
  }

  get envelopes(): readonly EventEnvelope[] {
    return this.#envelopes
  }
}

const SLUG_RETRIES = 5

/**
 * Runs one change in a transaction: `work` writes rows and collects events, which are published
 * through the outbox in the same transaction (requirement E1); after the commit the relays are
 * woken. A slug taken by a racing writer is a `CONFLICT` in `error` mode and a retry of the whole
 * change in `suffix` mode (it then picks the next free slug).
 */
export async function writeChange<T>(
  deps: ResolvedContentDeps,
  change: {
    readonly tenantId: string
    readonly actor: ContentActor
    readonly slugs?: 'error' | 'suffix'
  },
  work: (trx: Transaction<ContentTables>, events: PendingEvents) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await deps.db.transaction().execute(async (trx) => {
        const events = new PendingEvents(deps, change.tenantId, change.actor)
        const out = await work(trx, events)
        if (events.envelopes.length > 0) await deps.events.publishInTx(trx, events.envelopes)
        return out
      })
      deps.events.committed?.(deps.db)
      return result
    } catch (error) {
      const slug = racedSlug(error)
      if (slug === undefined) throw error
      if (change.slugs !== 'suffix' || attempt >= SLUG_RETRIES)
        throw slugConflict(slug, 'translations')
    }
  }
}

/** A node of a tenant. */
export interface NodeRef {
  readonly tenantId: string
  readonly id: string
}

/** A change to a node, by an actor. */
export interface NodeCommand extends NodeRef {
  readonly actor: ContentActor
}

/**
 * Loads a live node of the tenant for a change, locking its row; `NOT_FOUND` for a missing,
 * deleted or foreign one, `FORBIDDEN` when an `own` actor is not its author.
 */
export async function lockNode(
  trx: Kysely<ContentTables>,
  command: NodeCommand,
  options: { readonly deleted?: boolean } = {},
): Promise<NodeRow> {
  const { tenantId, id, actor } = command
  const row = await trx
    .selectFrom('content_nodes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('deleted_at', options.deleted === true ? 'is not' : 'is', null)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw notFound(id)
  assertMayChange(row, actor)
  return row
}

/** `FORBIDDEN` unless the actor may change `row` (scope `all`, or `own` and its author). */
export function assertMayChange(row: Pick<NodeRow, 'author_id'>, actor: ContentActor): void {
  if (actor.scope === 'all') return
  if (actor.userId === null || row.author_id !== actor.userId)
    throw new ContentError('FORBIDDEN', 'Only the author of this node may change it')
}

/** The `NOT_FOUND` for node `id`. */
export function notFound(id: string): ContentError {
  return new ContentError('NOT_FOUND', `Node ${id} not found`)
}
