import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { WebhookError } from './webhook-error'

/**
 * Seals endpoints' signing secrets for storage and opens them for signing. The database holds
 * only sealed values; the keys live in the server's configuration.
 */
export interface SecretBox {
  /** The stored form of `secret`, for endpoint `endpointId`. */
  seal(secret: string, endpointId: string): string
  /** The secret of a stored value (sealed, or plaintext written before keys were configured). */
  open(stored: string, endpointId: string): string
  /** Whether `stored` is sealed with the current key (if not, {@link resealWebhookSecrets} redoes it). */
  isCurrent(stored: string): boolean
}

const PREFIX = 'enc:v1:'
const IV_BYTES = 12
const TAG_BYTES = 16

/** A new server key for {@link createSecretBox}: 32 random bytes, base64. */
export function generateSecretKey(): string {
  return randomBytes(32).toString('base64')
}

/** A key's short id, stored with what it sealed: the first 8 hex digits of its SHA-256. */
const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8)

const decodeKey = (encoded: string, index: number): Buffer => {
  const key = Buffer.from(encoded, 'base64')
  if (key.length !== 32)
    throw new Error(
      `webhooks secret key ${index}: must be 32 bytes in base64 (generateSecretKey())`,
    )
  return key
}

/**
 * AES-256-GCM over the secrets, with a key ring: the first key seals, every key opens, so a key is
 * rotated by putting a new one first, letting {@link resealWebhookSecrets} run, then dropping the
 * old one. A sealed value is `enc:v1:<key id>:<base64 of iv ‖ tag ‖ ciphertext>`, authenticated
 * together with its endpoint's id (a value copied to another endpoint does not open). A value not
 * starting with `enc:` is plaintext from before keys were configured: it opens as it is and is
 * sealed by the next reseal.
 *
 * With no keys, secrets are stored as they are (the behaviour before sealing existed).
 *
 * @example
 * ```ts
 * const secrets = createSecretBox([process.env.WEBHOOKS_SECRET_KEY!])
 * const endpoints = createEndpointService({ db, events: outbox, secrets })
 * ```
 */
export function createSecretBox(keys: readonly string[]): SecretBox {
  if (keys.length === 0)
    return { seal: (secret) => secret, open: (stored) => stored, isCurrent: () => true }
  const ring = new Map(
    keys.map((encoded, index) => {
      const key = decodeKey(encoded, index)
      return [keyIdOf(key), key] as const
    }),
  )
  const currentId = keyIdOf(decodeKey(keys[0]!, 0))
  const currentKey = ring.get(currentId)!
  const aad = (endpointId: string) => Buffer.from(`rustok.webhook-secret:${endpointId}`)
  return {
    seal(secret, endpointId) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv)
      cipher.setAAD(aad(endpointId))
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
      const packed = Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')
      return `${PREFIX}${currentId}:${packed}`
    },
    open(stored, endpointId) {
      if (!stored.startsWith('enc:')) return stored
      const [keyId, packed] = stored.slice(PREFIX.length).split(':')
      const key = ring.get(keyId ?? '')
      if (!stored.startsWith(PREFIX) || !key || packed === undefined)
        throw new WebhookError(
          'INTERNAL',
          `The signing secret of webhook endpoint ${endpointId} is sealed with a key the server does not have (${keyId ?? '?'})`,
        )
      const bytes = Buffer.from(packed, 'base64')
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
      decipher.setAAD(aad(endpointId))
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8')
    },
    isCurrent: (stored) => stored.startsWith(`${PREFIX}${currentId}:`),
  }
}
