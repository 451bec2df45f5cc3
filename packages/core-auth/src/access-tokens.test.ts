import { generateKeyPairSync } from 'node:crypto'
import fc from 'fast-check'
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose'
import type { CryptoKey, JWTPayload } from 'jose'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { AccessTokensOptions } from './access-tokens'
import { createAccessTokens } from './access-tokens'
import { isCoreAuthError } from './core-auth-error'

const secret = 'a-test-secret-that-is-at-least-32-bytes-long'
const start = new Date('2025-01-01T00:00:00Z')
const iat = start.getTime() / 1000
const subject = { userId: 'user-1', tenantId: 'tenant-a', sessionId: 'session-1', role: 'customer' }
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A fixed clock and an in-memory session table. */
const setup = (options: Partial<AccessTokensOptions> = {}) => {
  let current = start
  const active = new Set(['tenant-a/session-1'])
  const isSessionActive = vi.fn((sid: string, tid: string) =>
    Promise.resolve(active.has(`${tid}/${sid}`)),
  )
  const tokens = createAccessTokens({
    secret,
    now: () => current,
    isSessionActive,
    newId: () => 'jti-1',
    ...options,
  })
  const advance = (seconds: number): void => {
    current = new Date(current.getTime() + seconds * 1000)
  }
  return { tokens, active, isSessionActive, advance }
}

const validPayload: JWTPayload = {
  sub: 'user-1',
  tid: 'tenant-a',
  sid: 'session-1',
  role: 'customer',
  iat,
  nbf: iat,
  exp: iat + 900,
  iss: 'rustok',
  aud: 'rustok-api',
  jti: 'jti-1',
}

/** Signs an arbitrary payload with the HS256 test secret, as an attacker holding the secret could. */
const forge = (payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> =>
  new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', ...header })
    .sign(new TextEncoder().encode(secret))

const expectInvalidInput = (run: () => unknown): void => {
  try {
    run()
    expect.unreachable()
  } catch (error) {
    expect(isCoreAuthError(error) && error.code).toBe('INVALID_INPUT')
  }
}

describe('createAccessTokens positive paths', () => {
  it('HS256: signs the full claim set and verifies it', async () => {
    const { tokens, isSessionActive } = setup()
    const token = await tokens.sign(subject)
    const [header] = token.split('.')
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({
      alg: 'HS256',
      typ: 'at+jwt',
    })
    const result = await tokens.verify(token, { tenantId: 'tenant-a' })
    expect(result).toEqual({ ok: true, claims: validPayload })
    expect(isSessionActive).toHaveBeenCalledWith('session-1', 'tenant-a')
  })

  it('uses configured issuer, audience and ttl, and random jtis by default', async () => {
    const tokens = createAccessTokens({
      secret: new Uint8Array(32).fill(7),
      issuer: 'me',
      audience: 'you',
      ttlSeconds: 60,
      isSessionActive: () => Promise.resolve(true),
    })
    const first = await tokens.verify(await tokens.sign(subject), { tenantId: 'tenant-a' })
    const second = await tokens.verify(await tokens.sign(subject), { tenantId: 'tenant-a' })
    if (!first.ok || !second.ok) throw new Error('expected valid tokens')
    expect(first.claims).toMatchObject({ iss: 'me', aud: 'you' })
    expect(first.claims.exp - first.claims.iat).toBe(60)
    expect(first.claims.jti).not.toBe(second.claims.jti)
  })

  it('EdDSA with CryptoKeys and with JWKs', async () => {
    const pair = await generateKeyPair('EdDSA', { extractable: true })
    const viaKeys = setup({ algorithm: 'EdDSA', secret: undefined, ...pair }).tokens
    const token = await viaKeys.sign(subject)
    expect(await viaKeys.verify(token, { tenantId: 'tenant-a' })).toMatchObject({ ok: true })
    const viaJwk = setup({
      algorithm: 'EdDSA',
      secret: undefined,
      privateKey: await exportJWK(pair.privateKey),
      publicKey: await exportJWK(pair.publicKey),
    }).tokens
    expect(await viaJwk.verify(token, { tenantId: 'tenant-a' })).toMatchObject({ ok: true })
    const again = await viaJwk.sign(subject)
    expect(await viaKeys.verify(again, { tenantId: 'tenant-a' })).toMatchObject({ ok: true })
  })

  it('RS256 with Node KeyObjects, and a verify-only instance that cannot sign', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const signer = setup({ algorithm: 'RS256', secret: undefined, ...pair }).tokens
    const verifier = setup({ algorithm: 'RS256', secret: undefined, publicKey: pair.publicKey })
    const token = await signer.sign(subject)
    expect(await verifier.tokens.verify(token, { tenantId: 'tenant-a' })).toMatchObject({
      ok: true,
      claims: { sub: 'user-1', role: 'customer' },
    })
    await expect(verifier.tokens.sign(subject)).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('createAccessTokens configuration', () => {
  const isSessionActive = (): Promise<boolean> => Promise.resolve(true)

  const ed = generateKeyPairSync('ed25519')
  it.each<[string, Partial<AccessTokensOptions>]>([
    ['no secret', {}],
    ['a 31-character secret', { secret: 'x'.repeat(31) }],
    ['a 31-byte secret', { secret: new Uint8Array(31) }],
    ['a key pair for HS256', { secret, ...ed }],
    ['EdDSA without publicKey', { algorithm: 'EdDSA' }],
    ['EdDSA with a secret', { algorithm: 'EdDSA', secret, publicKey: ed.publicKey }],
    ['alg none', { algorithm: 'none' as 'HS256', secret }],
    ['a zero ttl', { secret, ttlSeconds: 0 }],
  ])('rejects %s with INVALID_INPUT', (_label, options) => {
    expectInvalidInput(() => createAccessTokens({ ...options, isSessionActive }))
  })

  it('refuses to sign empty ids', async () => {
    const { tokens } = setup()
    await expect(tokens.sign({ ...subject, tenantId: '' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })
})

describe('createAccessTokens negative suite', () => {
  let rsa: { publicKey: CryptoKey; privateKey: CryptoKey }
  let ed: { publicKey: CryptoKey; privateKey: CryptoKey }
  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true })
    ed = await generateKeyPair('EdDSA', { extractable: true })
  })

  const rejects = async (token: string, reason: string, options = {}): Promise<void> => {
    const { tokens } = setup(options)
    expect(await tokens.verify(token, { tenantId: 'tenant-a' })).toEqual({ ok: false, reason })
  }

  it('accepts the forged baseline (so every rejection below is due to its one change)', async () => {
    const { tokens } = setup()
    const result = await tokens.verify(await forge(validPayload), { tenantId: 'tenant-a' })
    expect(result).toEqual({ ok: true, claims: validPayload })
  })

  it('rejects alg none', async () => {
    const unsecured = new UnsecuredJWT(validPayload).encode()
    await rejects(unsecured, 'ALGORITHM_NOT_ALLOWED')
    await rejects(
      `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(validPayload)}.`,
      'ALGORITHM_NOT_ALLOWED',
    )
    await rejects(`${b64({ alg: 'None' })}.${b64(validPayload)}.`, 'ALGORITHM_NOT_ALLOWED')
  })

  it.each(['RS256', 'EdDSA'] as const)(
    'rejects HS256 signed with the %s public key as HMAC secret',
    async (algorithm) => {
      const pair = algorithm === 'RS256' ? rsa : ed
      const pem = new TextEncoder().encode(await exportSPKI(pair.publicKey))
      const jwk = new TextEncoder().encode(JSON.stringify(await exportJWK(pair.publicKey)))
      for (const hmacKey of [pem, jwk]) {
        const confused = await new SignJWT(validPayload)
          .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
          .sign(hmacKey)
        await rejects(confused, 'ALGORITHM_NOT_ALLOWED', { algorithm, secret: undefined, ...pair })
      }
    },
  )

  it('rejects a token of another allowed-elsewhere algorithm on an HS256 instance', async () => {
    const rs = await new SignJWT(validPayload)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt' })
      .sign(rsa.privateKey)
    await rejects(rs, 'ALGORITHM_NOT_ALLOWED')
  })

  it('rejects expired tokens from exp on, and tokens used before nbf', async () => {
    const { tokens, advance } = setup()
    const token = await tokens.sign(subject)
    advance(899)
    expect(await tokens.verify(token, { tenantId: 'tenant-a' })).toMatchObject({ ok: true })
    advance(1)
    const expired = await tokens.verify(token, { tenantId: 'tenant-a' })
    expect(expired).toEqual({ ok: false, reason: 'EXPIRED' })
    await rejects(await forge({ ...validPayload, nbf: iat + 10, iat: iat + 10 }), 'NOT_YET_VALID')
    await rejects(await forge({ ...validPayload, exp: iat + 7200 }), 'INVALID_CLAIMS')
  })

  it.each([
    ['wrong aud', { aud: 'rustok-admin' }],
    ['wrong iss', { iss: 'evil' }],
    ['aud list', { aud: ['other', 'rustok-api'] }],
    ['non-string role', { role: 1 }],
    ['empty tid', { tid: '' }],
    ['fractional exp', { exp: iat + 900.5 }],
  ])('rejects %s as INVALID_CLAIMS', async (_label, change) => {
    await rejects(await forge({ ...validPayload, ...change }), 'INVALID_CLAIMS')
  })

  it.each(['sub', 'tid', 'sid', 'role', 'iat', 'nbf', 'exp', 'iss', 'aud', 'jti'])(
    'rejects a token missing %s',
    async (claim) => {
      const payload: JWTPayload = { ...validPayload }
      delete payload[claim]
      await rejects(await forge(payload), 'INVALID_CLAIMS')
    },
  )

  it('rejects a token without the at+jwt type', async () => {
    await rejects(await forge(validPayload, { typ: 'JWT' }), 'INVALID_CLAIMS')
    await rejects(await forge(validPayload, { typ: undefined }), 'INVALID_CLAIMS')
  })

  it('rejects a token of tenant A on tenant B without consulting sessions', async () => {
    const { tokens, isSessionActive } = setup()
    const token = await tokens.sign(subject)
    const tenantmismatch = await tokens.verify(token, { tenantId: 'tenant-b' })
    expect(tenantmismatch).toEqual({ ok: false, reason: 'TENANT_MISMATCH' })
    expect(isSessionActive).not.toHaveBeenCalled()
  })

  it('rejects at once after the session is revoked', async () => {
    const { tokens, active } = setup()
    const token = await tokens.sign(subject)
    expect(await tokens.verify(token, { tenantId: 'tenant-a' })).toMatchObject({ ok: true })
    active.delete('tenant-a/session-1')
    const sessionrevoked = await tokens.verify(token, { tenantId: 'tenant-a' })
    expect(sessionrevoked).toEqual({ ok: false, reason: 'SESSION_REVOKED' })
  })

  it('rejects tampered signatures and payloads, and other secrets', async () => {
    const { tokens } = setup()
    const token = await tokens.sign(subject)
    const [header, payload, signature] = token.split('.') as [string, string, string]
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
    await rejects(`${header}.${payload}.${flipped}`, 'INVALID_SIGNATURE')
    const otherTenant = b64({ ...validPayload, tid: 'tenant-b' })
    await rejects(`${header}.${otherTenant}.${signature}`, 'INVALID_SIGNATURE')
    const other = setup({ secret: 'another-secret-that-is-also-32-bytes-long' }).tokens
    await rejects(await other.sign(subject), 'INVALID_SIGNATURE')
    const edToken = await setup({ algorithm: 'EdDSA', secret: undefined, ...ed }).tokens.sign(
      subject,
    )
    const otherEd = await generateKeyPair('EdDSA')
    await rejects(edToken, 'INVALID_SIGNATURE', {
      algorithm: 'EdDSA',
      secret: undefined,
      ...otherEd,
    })
  })

  it('answers MALFORMED, never throws, for garbage', async () => {
    const { tokens } = setup()
    for (const garbage of ['', 'a', 'a.b.c', '..', 'x'.repeat(9000), `${b64({})}.${b64({})}.`]) {
      expect(await tokens.verify(garbage, { tenantId: 'tenant-a' })).toMatchObject({ ok: false })
    }
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.base64String(), { minLength: 1, maxLength: 4 }),
        async (parts) => {
          const result = await tokens.verify(parts.join('.'), { tenantId: 'tenant-a' })
          expect(result.ok).toBe(false)
        },
      ),
    )
  })

  it('propagates a failing session lookup (infrastructure errors throw)', async () => {
    const { tokens, isSessionActive } = setup()
    isSessionActive.mockRejectedValueOnce(new Error('database down'))
    const token = await tokens.sign(subject)
    await expect(tokens.verify(token, { tenantId: 'tenant-a' })).rejects.toThrow('database down')
  })
})
