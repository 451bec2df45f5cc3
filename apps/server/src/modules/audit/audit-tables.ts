import type { ColumnType, Generated } from 'kysely'

/** `audit_log`: the audit trail of security-relevant actions (A7), one row per event. */
export interface AuditLogTable {
  /** The event's id. */
  id: string
  tenant_id: string
  occurred_at: ColumnType<Date, string, never>
  type: string
  actor_id: string | null
  aggregate_type: string
  aggregate_id: string
  trace_id: string | null
  correlation_id: string
  /** The event's payload without secrets (see `auditSummary`). */
  summary: ColumnType<unknown, string, never>
  created_at: Generated<Date>
}

export interface AuditTables {
  audit_log: AuditLogTable
}
