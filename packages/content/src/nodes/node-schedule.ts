import type { EventEnvelope } from '@rustok/core-events'
import type { ResolvedContentDeps } from '../content-deps'
import { nodePublished, nodeUnpublished } from '../events/node-events'
import { PendingEvents } from './node-tx'
import { SYSTEM_ACTOR } from './node-types'

/** What one run of the scheduler did. */
export interface ScheduleRun {
  readonly published: number
  readonly unpublished: number
}

/**
 * Publishes drafts whose `publishAt` is due and unpublishes published nodes whose `unpublishAt`
 * is due, at most `batch` of each, with the same events as a manual publish. Safe with several
 * workers: due rows are claimed `FOR UPDATE SKIP LOCKED` and changed by a conditional update in
 * the same transaction as their events, so each due node is changed, and announced, exactly once.
 */
export async function runSchedule(
  deps: ResolvedContentDeps,
  options: { readonly batch?: number } = {},
): Promise<ScheduleRun> {
  const batch = options.batch ?? 100
  const result = await deps.db.transaction().execute(async (trx) => {
    const at = deps.now()
    const toPublish = await trx
      .selectFrom('content_nodes')
      .select(['id', 'tenant_id', 'kind'])
      .where('publish_at', '<=', at)
      .where('status', '=', 'draft')
      .where('deleted_at', 'is', null)
      .orderBy('publish_at')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute()
    const toUnpublish = await trx
      .selectFrom('content_nodes')
      .select(['id', 'tenant_id', 'kind'])
      .where('unpublish_at', '<=', at)
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .orderBy('unpublish_at')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute()
    const envelopes: EventEnvelope[] = []
    if (toPublish.length > 0) {
      const published = await trx
        .updateTable('content_nodes')
        .set({ status: 'published', published_at: at, publish_at: null, updated_at: at })
        .where(
          'id',
          'in',
          toPublish.map((row) => row.id),
        )
        .where('status', '=', 'draft')
        .returning(['id', 'tenant_id', 'kind'])
        .execute()
      for (const row of published) {
        const events = new PendingEvents(deps, row.tenant_id, SYSTEM_ACTOR)
        events.add(nodePublished, { nodeId: row.id, kind: row.kind })
        envelopes.push(...events.envelopes)
      }
    }
    let unpublished = 0
    if (toUnpublish.length > 0) {
      const rows = await trx
        .updateTable('content_nodes')
        .set({ status: 'draft', published_at: null, unpublish_at: null, updated_at: at })
        .where(
          'id',
          'in',
          toUnpublish.map((row) => row.id),
        )
        .where('status', '=', 'published')
        .returning(['id', 'tenant_id', 'kind'])
        .execute()
      unpublished = rows.length
      for (const row of rows) {
        const events = new PendingEvents(deps, row.tenant_id, SYSTEM_ACTOR)
        events.add(nodeUnpublished, { nodeId: row.id, kind: row.kind })
        envelopes.push(...events.envelopes)
      }
    }
    // One call per tenant: the outbox orders each tenant's events under its own lock.
    for (const tenantId of new Set(envelopes.map((envelope) => envelope.tenantId)))
      await deps.events.publishInTx(
        trx,
        envelopes.filter((envelope) => envelope.tenantId === tenantId),
      )
    return { published: envelopes.length - unpublished, unpublished }
  })
  if (result.published + result.unpublished > 0) deps.events.committed?.(deps.db)
  return result
}
