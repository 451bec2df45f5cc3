import type { ColumnType, Generated } from 'kysely'

/** Delivery state of an outbox row. `failed` rows are the dead letters. */
export type OutboxStatus = 'pending' | 'dispatched' | 'failed'

/** `sys_events`: one row per event, written in the business transaction (E1). */
export interface SysEventsTable {
  id: string
  /** Insertion order; within one aggregate it is also commit order (writers queue on a lock). */
  seq: Generated<string>
  tenant_id: string
  type: string
  version: number
  aggregate_type: string
  aggregate_id: string
  actor_id: string | null
  correlation_id: string
  causation_id: string | null
  trace_id: string | null
  occurred_at: ColumnType<Date, string, string>
  payload: ColumnType<unknown, string, string>
  status: Generated<OutboxStatus>
  /** Delivery attempts, the one in flight included; a claim that was lost does not count. */
  attempts: Generated<number>
  next_attempt_at: Generated<Date>
  last_error: string | null
  lease_owner: string | null
  /**
   * The key of the advisory lock the claiming relay's session holds while it is alive (ADR 0017);
   * `null` when the claim relies on the lease alone (PGlite).
   */
  lease_lock: number | null
  lease_expires_at: Date | null
  /** Claims whose relay died or stalled before settling the row (counted apart from `attempts`). */
  lost_leases: Generated<number>
  created_at: Generated<Date>
  dispatched_at: Date | null
}

/** `sys_inbox`: one row per (handler, event) whose effects were committed (E6). */
export interface SysInboxTable {
  handler: string
  event_id: string
  handled_at: Generated<Date>
}

/** The outbox's tables, to intersect with an application's own `DB` type. */
export interface OutboxTables {
  sys_events: SysEventsTable
  sys_inbox: SysInboxTable
}

export type { AnyKysely } from '@rustok/core-db'
