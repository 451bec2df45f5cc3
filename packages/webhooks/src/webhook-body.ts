import type { EventEnvelope } from '@rustok/core-events'

/** The body format's name and version; a breaking change of the body is a new version. */
export const WEBHOOK_BODY_FORMAT = 'rustok.webhook.v1'

/**
 * The JSON body of a delivery (`rustok.webhook.v1`): the Standard Webhooks shape `type`,
 * `timestamp`, `data` (the event's payload), plus `event` with the envelope's other fields.
 */
export interface WebhookBody {
  readonly format: typeof WEBHOOK_BODY_FORMAT
  readonly type: string
  /** When the event happened (ISO 8601, UTC). */
  readonly timestamp: string
  readonly data: unknown
  readonly event: Omit<EventEnvelope, 'payload'>
}

/** The exact text a delivery of `envelope` sends and signs. */
export function webhookBody(envelope: EventEnvelope): string {
  const { payload, ...event } = envelope
  const body: WebhookBody = {
    format: WEBHOOK_BODY_FORMAT,
    type: envelope.type,
    timestamp: envelope.occurredAt,
    data: payload,
    event,
  }
  return JSON.stringify(body)
}
