import { createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'

/** A new signing secret: `whsec_` and the base64 of 32 random bytes (Standard Webhooks). */
export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64')
}

/** The key bytes of a `whsec_…` secret. */
function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64')
}

/** What is signed: the message id, its timestamp (seconds) and the exact body. */
export interface SignedMessage {
  readonly id: string
  readonly timestamp: number
  readonly body: string
}

/**
 * The `webhook-signature` value of one secret: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 *
 * @example
 * ```ts
 * signWebhook(secret, { id: 'msg_1', timestamp: 1700000000, body: '{}' }) // 'v1,…'
 * ```
 */
export function signWebhook(secret: string, message: SignedMessage): string {
  const mac = createHmac('sha256', secretKey(secret))
    .update(`${message.id}.${message.timestamp}.${message.body}`)
    .digest('base64')
  return `v1,${mac}`
}

/**
 * The three Standard Webhooks headers of a message, signed with every given secret (during a
 * rotation's grace period, the new and the previous one, space-separated).
 */
export function webhookHeaders(
  secrets: readonly string[],
  message: SignedMessage,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': secrets.map((secret) => signWebhook(secret, message)).join(' '),
  }
}
