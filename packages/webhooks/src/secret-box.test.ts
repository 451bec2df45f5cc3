import { describe, expect, it } from 'vitest'
import { createSecretBox, generateSecretKey } from './secret-box'
import { generateWebhookSecret } from './webhook-signature'

describe('secret box', () => {
  const endpointId = '0190a000-0000-7000-8000-000000000001'
  const secret = generateWebhookSecret()

  it('seals with AES-256-GCM: the stored value hides the secret and opens only for its endpoint', () => {
    const box = createSecretBox([generateSecretKey()])
    const stored = box.seal(secret, endpointId)
    expect(stored).toMatch(/^enc:v1:[0-9a-f]{8}:/)
    expect(stored).not.toContain(secret.slice('whsec_'.length, 20))
    expect(box.seal(secret, endpointId)).not.toBe(stored) // a fresh IV each time
    expect(box.open(stored, endpointId)).toBe(secret)
    expect(() => box.open(stored, '0190a000-0000-7000-8000-000000000002')).toThrow()
    const [head, packed] = [stored.slice(0, 16), stored.slice(16)]
    const flipped = packed.startsWith('A') ? `B${packed.slice(1)}` : `A${packed.slice(1)}`
    expect(() => box.open(head + flipped, endpointId)).toThrow()
  })

  it('rotates keys: the first seals, every key of the ring opens, an unknown key is an error', () => {
    const [oldKey, newKey] = [generateSecretKey(), generateSecretKey()]
    const before = createSecretBox([oldKey])
    const sealedOld = before.seal(secret, endpointId)
    const during = createSecretBox([newKey, oldKey])
    expect(during.open(sealedOld, endpointId)).toBe(secret)
    expect(during.isCurrent(sealedOld)).toBe(false)
    const sealedNew = during.seal(secret, endpointId)
    expect(during.isCurrent(sealedNew)).toBe(true)
    const after = createSecretBox([newKey])
    expect(after.open(sealedNew, endpointId)).toBe(secret)
    expect(() => after.open(sealedOld, endpointId)).toThrow(
      expect.objectContaining({ code: 'INTERNAL' }) as Error,
    )
  })

  it('opens plaintext written before keys were configured, and counts it as not current', () => {
    const box = createSecretBox([generateSecretKey()])
    expect(box.open(secret, endpointId)).toBe(secret)
    expect(box.isCurrent(secret)).toBe(false)
    const none = createSecretBox([])
    expect(none.seal(secret, endpointId)).toBe(secret)
    expect(none.isCurrent(secret)).toBe(true)
  })

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSecretBox(['c2hvcnQ='])).toThrow(/must be 32 bytes/)
  })
})
