import { sql, type Kysely } from 'kysely'
import type { IndexEntity } from '../index-tables'
import { INDEX_EVENT_TYPES, INDEX_HANDLERS } from './index-handlers'

/* eslint-disable @typescript-eslint/no-explicit-any -- reads the outbox and index tables on any database */

/** How far a projection is behind the outbox. */
export interface ProjectionLag {
  readonly entity: IndexEntity
  /** Events of the projection's types not delivered yet. */
  readonly pending: number
  /** now − occurred-at of the oldest pending event; 0 when none is pending. */
  readonly lagMs: number
  /** Occurred-at of the last event the projection applied, `null` before the first. */
  readonly lastAppliedOccurredAt: string | null
}

/** The lag of a projection: pending events of its types, and their age. */
export async function projectionLag(db: Kysely<any>, entity: IndexEntity): Promise<ProjectionLag> {
  const pending = await sql<{ n: string; oldest: Date | string | null }>`
    select count(*) as n, min(occurred_at) as oldest from sys_events
    where status = 'pending' and type = any(${[...INDEX_EVENT_TYPES[entity]]}::text[])`.execute(db)
  const state = await sql<{ last_occurred_at: Date | string }>`
    select last_occurred_at from index_projection_state
    where handler = ${INDEX_HANDLERS[entity]}`.execute(db)
  const row = pending.rows[0]
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null
  const last = state.rows[0]?.last_occurred_at
  return {
    entity,
    pending: Number(row?.n ?? 0),
    lagMs: oldest === null ? 0 : Math.max(0, Date.now() - oldest),
    lastAppliedOccurredAt: last ? new Date(last).toISOString() : null,
  }
}

/**
 * The outbox position after everything committed so far (the highest event sequence): what a
 * write hands its caller for read-your-writes. `"0"` on an empty outbox.
 */
export async function outboxPosition(db: Kysely<any>): Promise<string> {
  const rows = await sql<{
    seq: string | null
  }>`select max(seq)::text as seq from sys_events`.execute(db)
  return rows.rows[0]?.seq ?? '0'
}

/** Whether the projection has applied every event of its types at or before `position`. */
export async function hasApplied(
  db: Kysely<any>,
  target: { readonly entity: IndexEntity; readonly position: string },
): Promise<boolean> {
  const rows = await sql<{ one: number }>`
    select 1 as one from sys_events e
    where e.status = 'pending' and e.seq <= ${target.position}::bigint
      and e.type = any(${[...INDEX_EVENT_TYPES[target.entity]]}::text[])
      and not exists (select 1 from sys_inbox i
        where i.handler = ${INDEX_HANDLERS[target.entity]} and i.event_id = e.id)
    limit 1`.execute(db)
  return rows.rows.length === 0
}

/**
 * Waits (bounded) until the projection has applied `position`: read-your-writes. Resolves `true`
 * when it has, `false` when `timeoutMs` passed first (the caller answers with what is indexed,
 * marked stale).
 */
export async function waitForPosition(
  db: Kysely<any>,
  target: {
    readonly entity: IndexEntity
    readonly position: string
    readonly timeoutMs?: number
    readonly pollMs?: number
  },
): Promise<boolean> {
  const deadline = Date.now() + (target.timeoutMs ?? 2_000)
  for (;;) {
    if (await hasApplied(db, target)) return true
    if (Date.now() >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, target.pollMs ?? 25))
  }
}
