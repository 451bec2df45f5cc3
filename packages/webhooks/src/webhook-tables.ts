import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

/** `webhook_endpoints`: a tenant's receiver of events. */
export interface WebhookEndpointsTable {
  id: string
  tenant_id: string
  url: string
  description: string | null
  /** Exact types (`product.created`), prefixes (`product.*`) or `*`. */
  event_types: string[]
  enabled: boolean
  /** Extra request headers, as given. */
  headers: ColumnType<Record<string, string>, string, string>
  secret: string
  previous_secret: string | null
  previous_secret_expires_at: Timestamp | null
  /** Why the endpoint was disabled by the system (`null` when enabled, or disabled by hand). */
  disabled_reason: string | null
  /** Start of the current run of failures; `null` after a success. */
  failing_since: Timestamp | null
  created_at: ColumnType<Date, Date | string | undefined, never>
  updated_at: Timestamp
}

/** Delivery states: waiting (or being sent), delivered, given up. */
export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'dead'

/** `webhook_deliveries`: one per (endpoint, event), retried until it succeeds or dies. */
export interface WebhookDeliveriesTable {
  id: string
  tenant_id: string
  endpoint_id: string
  event_id: string
  event_type: string
  /** The exact bytes signed and sent. */
  body: string
  status: WebhookDeliveryStatus
  attempts: Generated<number>
  next_attempt_at: Timestamp
  lease_owner: string | null
  lease_expires_at: Timestamp | null
  last_status: number | null
  last_error: string | null
  created_at: Timestamp
  delivered_at: Timestamp | null
}

/** `webhook_attempts`: what each attempt of a delivery got back. */
export interface WebhookAttemptsTable {
  id: string
  tenant_id: string
  delivery_id: string
  attempt: number
  attempted_at: Timestamp
  /** HTTP status; `null` when no response came (network error, timeout, refused address). */
  status_code: number | null
  error: string | null
  latency_ms: number
  /** At most {@link RESPONSE_EXCERPT_BYTES} of the response body. */
  response_excerpt: string | null
}

/** The webhook tables, for a `Kysely<WebhookTables>`. */
export interface WebhookTables {
  webhook_endpoints: WebhookEndpointsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
}
