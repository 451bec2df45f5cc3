import { webcrypto } from 'node:crypto'

// An independent implementation of Standard Webhooks verification, written from the specification
// (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md,
// "Verifying webhook authenticity"): shares no code with the package's signer. It uses WebCrypto,
// decodes the secret after the `whsec_` prefix from base64, signs `${id}.${timestamp}.${body}`
// with HMAC-SHA256, and accepts when any space-delimited `v1,<base64>` entry matches, checking the
// timestamp against a tolerance.

const encoder = new TextEncoder()

/** Why a message failed verification, or `null` when it is authentic. */
export async function verifyStandardWebhook(
  secret: string,
  message: {
    readonly headers: Readonly<Record<string, string | string[] | undefined>>
    readonly body: string
  },
  options: { readonly nowSeconds: number; readonly toleranceSeconds?: number },
): Promise<string | null> {
  const { headers, body } = message
  const id = headers['webhook-id']
  const timestamp = headers['webhook-timestamp']
  const signature = headers['webhook-signature']
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string')
    return 'missing headers'
  if (!/^\d+$/.test(timestamp)) return 'bad timestamp'
  if (Math.abs(options.nowSeconds - Number(timestamp)) > (options.toleranceSeconds ?? 300))
    return 'timestamp outside tolerance'
  if (!secret.startsWith('whsec_')) return 'secret without prefix'
  const keyBytes = Uint8Array.from(atob(secret.slice('whsec_'.length)), (c) => c.charCodeAt(0))
  const key = await webcrypto.subtle.importKey(
    'raw',
    keyBytes,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  const content = encoder.encode(`${id}.${timestamp}.${body}`)
  for (const entry of signature.split(' ')) {
    const [version, encoded] = entry.split(',')
    if (version !== 'v1' || encoded === undefined) continue
    const expected = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0))
    if (await webcrypto.subtle.verify('HMAC', key, expected, content)) return null
  }
  return 'no matching signature'
}
