import fc from 'fast-check'
import { jwtVerify, SignJWT } from 'jose'
import type * as Jose from 'jose'
import type { JWTPayload } from 'jose'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AccessTokensOptions } from './access-tokens'
import { createAccessTokens } from './access-tokens'
import { isCoreAuthError } from './core-auth-error'

// jose's verifier, counted: a cache hit must not reach it, a miss must.
vi.mock('jose', async (importOriginal) => {
  const jose = await importOriginal<typeof Jose>()
  return { ...jose, jwtVerify: vi.fn(jose.jwtVerify) }
})
const joseVerifications = vi.mocked(jwtVerify)

const secret = 'a-test-secret-that-is-at-least-32-bytes-long'
const start = new Date('2025-01-01T00:00:00Z')
const iat = start.getTime() / 1000
const subject = { userId: 'user-1', tenantId: 'tenant-a', sessionId: 'session-1', role: 'customer' }
const tenantA = { tenantId: 'tenant-a' }

/** A settable clock, an in-memory session table and numbered token ids. */
const setup = (options: Partial<AccessTokensOptions> = {}) => {
  let current = start
  let jti = 0
  const active = new Set(['tenant-a/session-1'])
  const isSessionActive = vi.fn((sid: string, tid: string) =>
    Promise.resolve(active.has(`${tid}/${sid}`)),
  )
  const tokens = createAccessTokens({
    secret,
    now: () => current,
    isSessionActive,
    newId: () => `jti-${++jti}`,
    ...options,
  })
  const at = (secondsAfterStart: number): void => {
    current = new Date(start.getTime() + secondsAfterStart * 1000)
  }
  return { tokens, active, isSessionActive, at }
}

beforeEach(() => {
  joseVerifications.mockClear()
})

describe('createAccessTokens verified-token cache', () => {
  it('verifies a token with jose once, then answers from the cache with the same claims', async () => {
    const { tokens, isSessionActive } = setup()
    const token = await tokens.sign(subject)
    const first = await tokens.verify(token, tenantA)
    const second = await tokens.verify(token, tenantA)
    expect(second).toEqual(first)
    expect(second).toMatchObject({ ok: true, claims: { sub: 'user-1', jti: 'jti-1' } })
    expect(joseVerifications).toHaveBeenCalledTimes(1)
    expect(isSessionActive).toHaveBeenCalledTimes(2)
  })

  it('verifies every time with jose when the cache is disabled', async () => {
    const { tokens } = setup({ verifiedCacheSize: 0 })
    const token = await tokens.sign(subject)
    for (let i = 0; i < 3; i++)
      expect(await tokens.verify(token, tenantA)).toMatchObject({ ok: true })
    expect(joseVerifications).toHaveBeenCalledTimes(3)
  })

  it('stops accepting a cached token at exp', async () => {
    const { tokens, at } = setup()
    const token = await tokens.sign(subject)
    expect(await tokens.verify(token, tenantA)).toMatchObject({ ok: true })
    at(899)
    expect(await tokens.verify(token, tenantA)).toMatchObject({ ok: true })
    expect(joseVerifications).toHaveBeenCalledTimes(1)
    at(900)
    expect(await tokens.verify(token, tenantA)).toEqual({ ok: false, reason: 'EXPIRED' })
    expect(await tokens.verify(token, tenantA)).toEqual({ ok: false, reason: 'EXPIRED' })
  })

  it('still rejects a cached token on another tenant, without asking for the session', async () => {
    const { tokens, isSessionActive } = setup()
    const token = await tokens.sign(subject)
    expect(await tokens.verify(token, tenantA)).toMatchObject({ ok: true })
    isSessionActive.mockClear()
    const other = await tokens.verify(token, { tenantId: 'tenant-b' })
    expect(other).toEqual({ ok: false, reason: 'TENANT_MISMATCH' })
    expect(isSessionActive).not.toHaveBeenCalled()
    expect(joseVerifications).toHaveBeenCalledTimes(1)
  })

  it('still rejects a cached token once its session is revoked', async () => {
    const { tokens, active } = setup()
    const token = await tokens.sign(subject)
    expect(await tokens.verify(token, tenantA)).toMatchObject({ ok: true })
    active.delete('tenant-a/session-1')
    expect(await tokens.verify(token, tenantA)).toEqual({ ok: false, reason: 'SESSION_REVOKED' })
    expect(joseVerifications).toHaveBeenCalledTimes(1)
  })

  it('never caches a token that was rejected', async () => {
    const { tokens, active } = setup()
    const token = await tokens.sign(subject)
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
    for (let i = 0; i < 2; i++) {
      expect(await tokens.verify(tampered, tenantA)).toEqual({
        ok: false,
        reason: 'INVALID_SIGNATURE',
      })
    }
    expect(joseVerifications).toHaveBeenCalledTimes(2)
    active.delete('tenant-a/session-1')
    expect(await tokens.verify(token, tenantA)).toMatchObject({ ok: false })
    expect(await tokens.verify(token, { tenantId: 'tenant-b' })).toMatchObject({ ok: false })
    active.add('tenant-a/session-1')
    expect(await tokens.verify(token, tenantA)).toMatchObject({ ok: true })
    expect(joseVerifications).toHaveBeenCalledTimes(5)
  })

  it('keeps at most verifiedCacheSize tokens, dropping the least recently used', async () => {
    const { tokens } = setup({ verifiedCacheSize: 2 })
    const [one, two, three] = [
      await tokens.sign(subject),
      await tokens.sign(subject),
      await tokens.sign(subject),
    ]
    const verifyAll = async (...list: string[]): Promise<void> => {
      for (const token of list)
        expect(await tokens.verify(token, tenantA)).toMatchObject({ ok: true })
    }
    await verifyAll(one, two, one, three)
    expect(joseVerifications).toHaveBeenCalledTimes(3)
    joseVerifications.mockClear()
    await verifyAll(one, three)
    expect(joseVerifications).not.toHaveBeenCalled()
    await verifyAll(two)
    expect(joseVerifications).toHaveBeenCalledTimes(1)
  })

  it('hands out copies: changing returned claims does not change later answers', async () => {
    const { tokens } = setup()
    const token = await tokens.sign(subject)
    for (let i = 0; i < 2; i++) {
      const result = await tokens.verify(token, tenantA)
      if (!result.ok) throw new Error('expected a valid token')
      expect(result.claims.role).toBe('customer')
      result.claims.role = 'admin'
    }
  })

  it.each([-1, 1.5, Number.NaN])('rejects verifiedCacheSize %s with INVALID_INPUT', (size) => {
    const create = () =>
      createAccessTokens({
        secret,
        verifiedCacheSize: size,
        isSessionActive: () => Promise.resolve(true),
      })
    let thrown: unknown
    try {
      create()
    } catch (error) {
      thrown = error
    }
    expect(isCoreAuthError(thrown) && thrown.code).toBe('INVALID_INPUT')
  })

  it('a cached token answers as jose would at every clock reading', async () => {
    const encoder = new TextEncoder()
    // Any time claims a token valid at some moment may carry, read at any later or earlier second.
    const timing = fc.record({
      issuedAfter: fc.integer({ min: -5, max: 5 }),
      notBeforeAfterIat: fc.integer({ min: -5, max: 5 }),
      lifetime: fc.integer({ min: 1, max: 900 }),
      primedAfterValid: fc.nat(),
      readAt: fc.integer({ min: -20, max: 1000 }),
    })
    await fc.assert(
      fc.asyncProperty(timing, async (time) => {
        const { issuedAfter, notBeforeAfterIat, lifetime, readAt } = time
        // Only a token valid at some moment can be cached: prime it at one such moment.
        const validFrom = Math.max(issuedAfter, issuedAfter + notBeforeAfterIat)
        fc.pre(validFrom < issuedAfter + lifetime)
        const primeAt = validFrom + (time.primedAfterValid % (issuedAfter + lifetime - validFrom))
        const tokenIat = iat + issuedAfter
        const payload: JWTPayload = {
          sub: 'user-1',
          tid: 'tenant-a',
          sid: 'session-1',
          role: 'customer',
          iat: tokenIat,
          nbf: tokenIat + notBeforeAfterIat,
          exp: tokenIat + lifetime,
          iss: 'rustok',
          aud: 'rustok-api',
          jti: 'jti-p',
        }
        const token = await new SignJWT(payload)
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
          .sign(encoder.encode(secret))
        const cached = setup()
        const plain = setup({ verifiedCacheSize: 0 })
        cached.at(primeAt)
        expect(await cached.tokens.verify(token, tenantA)).toMatchObject({ ok: true })
        cached.at(readAt)
        plain.at(readAt)
        expect(await cached.tokens.verify(token, tenantA)).toEqual(
          await plain.tokens.verify(token, tenantA),
        )
      }),
      { numRuns: 300 },
    )
  })
})
