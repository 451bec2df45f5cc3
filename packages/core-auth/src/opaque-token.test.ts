import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  constantTimeEqual,
  generateOpaqueToken,
  hashOpaqueToken,
  matchesOpaqueToken,
} from './opaque-token'

describe('generateOpaqueToken', () => {
  it('returns 256 bits as unpadded base64url', () => {
    const token = generateOpaqueToken()
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
  })

  it('does not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateOpaqueToken()))
    expect(tokens.size).toBe(1000)
  })
})

describe('hashOpaqueToken', () => {
  it('is the SHA-256 hex of the token', () => {
    expect(hashOpaqueToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    const token = generateOpaqueToken()
    expect(hashOpaqueToken(token)).toBe(createHash('sha256').update(token).digest('hex'))
  })

  it('is deterministic and never returns the token itself', () => {
    fc.assert(
      fc.property(fc.string(), (token) => {
        const hashed = hashOpaqueToken(token)
        expect(hashed).toMatch(/^[0-9a-f]{64}$/)
        expect(hashOpaqueToken(token)).toBe(hashed)
        expect(hashed).not.toBe(token)
      }),
    )
  })
})

describe('constantTimeEqual', () => {
  it('agrees with === for any strings, of any lengths', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b)
        expect(constantTimeEqual(a, a)).toBe(true)
      }),
    )
  })

  it('handles empty and differently sized inputs without throwing', () => {
    expect(constantTimeEqual('', '')).toBe(true)
    expect(constantTimeEqual('', 'a')).toBe(false)
    expect(constantTimeEqual('abc', 'abcd')).toBe(false)
  })
})

describe('matchesOpaqueToken', () => {
  it('matches a token against its stored hash only', () => {
    const token = generateOpaqueToken()
    const stored = hashOpaqueToken(token)
    expect(matchesOpaqueToken(token, stored)).toBe(true)
    expect(matchesOpaqueToken(generateOpaqueToken(), stored)).toBe(false)
    expect(matchesOpaqueToken(stored, stored)).toBe(false)
  })
})
