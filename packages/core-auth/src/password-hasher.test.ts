import type { Algorithm } from '@node-rs/argon2'
import { hash as rawArgon2Hash } from '@node-rs/argon2'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { isCoreAuthError } from './core-auth-error'
import type { Argon2Port, PasswordHashOptions } from './password-hasher'
import { createPasswordHasher } from './password-hasher'
import { createPasswordPolicy } from './password-policy'

// Cheap costs keep the real-argon2 tests fast; production uses the defaults.
const cheap: PasswordHashOptions = { memoryCost: 256, timeCost: 1, parallelism: 1, outputLen: 32 }
const password = 'correct horse battery staple'

const expectInvalidInput = async (run: () => Promise<unknown>): Promise<void> => {
  const error: unknown = await run().then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isCoreAuthError(error) && error.code).toBe('INVALID_INPUT')
}

/** An in-memory argon2 whose calls can be counted. */
const fakeArgon2 = () => {
  const port = {
    hash: vi.fn((pw: string) => Promise.resolve(`fake$${pw}`)),
    verify: vi.fn((hash: string, pw: string) => Promise.resolve(hash === `fake$${pw}`)),
    parseOptions: vi.fn(() => ({
      algorithm: 2,
      version: 1,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
      outputLen: 32,
    })),
  } satisfies Argon2Port
  return port
}

describe('createPasswordPolicy', () => {
  const policy = createPasswordPolicy({ minLength: 4, maxLength: 6 })

  it('accepts lengths within the bounds, inclusive', () => {
    expect(policy.check('abcd')).toEqual({ ok: true })
    expect(policy.check('abcdef')).toEqual({ ok: true })
  })

  it('reports too short and too long passwords with their lengths', () => {
    expect(policy.check('abc')).toEqual({ ok: false, reason: 'TOO_SHORT', minLength: 4, length: 3 })
    expect(policy.check('abcdefg')).toEqual({
      ok: false,
      reason: 'TOO_LONG',
      maxLength: 6,
      length: 7,
    })
  })

  it('counts code points of the NFC form, not UTF-16 units', () => {
    expect(policy.check('😀😀😀')).toMatchObject({ reason: 'TOO_SHORT', length: 3 })
    expect(policy.check('e\u0301e\u0301e\u0301e\u0301')).toEqual({ ok: true })
  })

  it('defaults to 12..256', () => {
    expect(createPasswordPolicy()).toMatchObject({ minLength: 12, maxLength: 256 })
  })

  it.each([[{ minLength: 0 }], [{ minLength: 1.5 }], [{ minLength: 10, maxLength: 9 }]])(
    'rejects bounds %j with INVALID_INPUT',
    (options) => {
      expect(() => createPasswordPolicy(options)).toThrow(
        expect.objectContaining({ name: 'CoreAuthError', code: 'INVALID_INPUT' }),
      )
    },
  )
})

describe('createPasswordHasher with argon2', () => {
  const hasher = createPasswordHasher({ hashOptions: cheap })

  it('hashes with argon2id to a salted PHC string that verifies', async () => {
    const stored = await hasher.hash(password)
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/)
    expect(await hasher.hash(password)).not.toBe(stored)
    expect(await hasher.verify(stored, password)).toBe(true)
    expect(await hasher.verify(stored, `${password}!`)).toBe(false)
  })

  it('uses OWASP costs by default', async () => {
    const stored = await createPasswordHasher().hash(password)
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  it('rejects policy violations with INVALID_INPUT', async () => {
    await expectInvalidInput(() => hasher.hash('short'))
    await expectInvalidInput(() => hasher.hash('x'.repeat(257)))
    await expect(hasher.hash('x'.repeat(256))).resolves.toMatch(/^\$argon2id\$/)
    await expect(hasher.hash('x'.repeat(12))).resolves.toMatch(/^\$argon2id\$/)
  })

  it('treats canonically equivalent passwords (NFC) as the same', async () => {
    const stored = await hasher.hash('caf\u00e9-password-1')
    expect(await hasher.verify(stored, 'cafe\u0301-password-1')).toBe(true)
  })

  it('still verifies passwords set under an older, shorter minimum', async () => {
    const stored = await createPasswordHasher({ minLength: 6, hashOptions: cheap }).hash('sixsix')
    expect(await hasher.verify(stored, 'sixsix')).toBe(true)
  })

  it('answers false, never throws, for unparsable hashes', async () => {
    const stored = await hasher.hash(password)
    for (const broken of ['', 'garbage', '$argon2id$', stored.slice(0, -10), `${stored}$x`]) {
      await expect(hasher.verify(broken, password)).resolves.toBe(false)
    }
    await fc.assert(
      fc.asyncProperty(fc.string(), async (broken) => {
        expect(await hasher.verify(broken, password)).toBe(false)
      }),
      { numRuns: 50 },
    )
  })

  it('verifyOrDummy: true only for a known user with the right password', async () => {
    const stored = await hasher.hash(password)
    expect(await hasher.verifyOrDummy(stored, password)).toBe(true)
    expect(await hasher.verifyOrDummy(stored, 'wrong password!')).toBe(false)
    expect(await hasher.verifyOrDummy(undefined, password)).toBe(false)
  })

  it('needsRehash: false for current parameters, true otherwise', async () => {
    const stored = await hasher.hash(password)
    expect(hasher.needsRehash(stored)).toBe(false)
    expect(
      createPasswordHasher({ hashOptions: { ...cheap, timeCost: 3 } }).needsRehash(stored),
    ).toBe(true)
    expect(createPasswordHasher().needsRehash(stored)).toBe(true)
    const argon2i = await rawArgon2Hash(password, { ...cheap, algorithm: 1 as Algorithm })
    expect(argon2i).toMatch(/^\$argon2i\$/)
    expect(hasher.needsRehash(argon2i)).toBe(true)
    expect(hasher.needsRehash('not a hash')).toBe(true)
  })
})

describe('createPasswordHasher timing structure (injected argon2)', () => {
  it('precomputes one dummy hash and spends exactly one verify per unknown-user login', async () => {
    const argon2 = fakeArgon2()
    const hasher = createPasswordHasher({ argon2 })
    expect(argon2.hash).toHaveBeenCalledTimes(1)
    const [dummyPassword] = argon2.hash.mock.calls[0]!
    const dummyHash = `fake$${dummyPassword}`

    expect(await hasher.verifyOrDummy(undefined, 'some password')).toBe(false)
    expect(argon2.verify).toHaveBeenCalledTimes(1)
    expect(argon2.verify).toHaveBeenLastCalledWith(dummyHash, 'some password')

    // Even if the dummy matched (it cannot in practice), an unknown user never logs in.
    expect(await hasher.verifyOrDummy(undefined, dummyPassword)).toBe(false)
    expect(argon2.verify).toHaveBeenCalledTimes(2)
    expect(argon2.hash).toHaveBeenCalledTimes(1)
  })

  it('spends exactly one verify, on the user hash, for a known user', async () => {
    const argon2 = fakeArgon2()
    const hasher = createPasswordHasher({ argon2 })
    expect(await hasher.verifyOrDummy('fake$secret-password', 'secret-password')).toBe(true)
    expect(argon2.verify).toHaveBeenCalledTimes(1)
    expect(argon2.verify).toHaveBeenLastCalledWith('fake$secret-password', 'secret-password')
  })

  it('uses a supplied dummy hash without hashing', async () => {
    const argon2 = fakeArgon2()
    const hasher = createPasswordHasher({ argon2, dummyHash: 'fake$precomputed' })
    expect(await hasher.verifyOrDummy(undefined, 'precomputed')).toBe(false)
    expect(argon2.hash).not.toHaveBeenCalled()
    expect(argon2.verify).toHaveBeenCalledWith('fake$precomputed', 'precomputed')
  })

  it('treats known and unknown users alike for over-long passwords: no argon2 at all', async () => {
    const argon2 = fakeArgon2()
    const hasher = createPasswordHasher({ argon2, maxLength: 20 })
    const long = 'x'.repeat(21)
    expect(await hasher.verifyOrDummy(`fake$${long}`, long)).toBe(false)
    expect(await hasher.verifyOrDummy(undefined, long)).toBe(false)
    expect(argon2.verify).not.toHaveBeenCalled()
  })

  it('retries the dummy hash after a failure instead of caching it', async () => {
    const argon2 = fakeArgon2()
    argon2.hash.mockRejectedValueOnce(new Error('out of memory'))
    const hasher = createPasswordHasher({ argon2 })
    await expect(hasher.verifyOrDummy(undefined, 'some password')).rejects.toThrow('out of memory')
    await expect(hasher.verifyOrDummy(undefined, 'some password')).resolves.toBe(false)
    expect(argon2.hash).toHaveBeenCalledTimes(2)
    expect(argon2.verify).toHaveBeenCalledTimes(1)
  })

  it('passes the configured costs to argon2 and never rejects on a throwing verify', async () => {
    const argon2 = fakeArgon2()
    argon2.verify.mockRejectedValueOnce(new Error('Decoding failed'))
    const hasher = createPasswordHasher({ argon2, hashOptions: { timeCost: 4 } })
    await hasher.hash(password)
    expect(argon2.hash).toHaveBeenLastCalledWith(password, {
      memoryCost: 19_456,
      timeCost: 4,
      parallelism: 1,
      outputLen: 32,
    })
    await expect(hasher.verify('broken', password)).resolves.toBe(false)
  })
})
