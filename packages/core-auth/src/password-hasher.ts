import type { Algorithm } from '@node-rs/argon2'
import { hash as argon2Hash, parseOptions, verify as argon2Verify } from '@node-rs/argon2'
import { CoreAuthError } from './core-auth-error'
import { generateOpaqueToken } from './opaque-token'
import type { PasswordPolicy } from './password-policy'
import { createPasswordPolicy, normalizePassword, passwordLength } from './password-policy'

// @node-rs/argon2 declares these as `const enum`s, which isolatedModules cannot read; values are fixed.
const ARGON2ID = 2
const VERSION_0X13 = 1

/** Argon2id cost parameters. Defaults are OWASP's: 19 MiB, 2 passes, 1 lane, 32-byte output. */
export interface PasswordHashOptions {
  memoryCost?: number
  timeCost?: number
  parallelism?: number
  outputLen?: number
}

/** Parameters read back from a PHC hash string. */
export interface PasswordHashParameters {
  algorithm: number
  version: number
  memoryCost: number
  timeCost: number
  parallelism: number
  outputLen: number
}

/**
 * The slice of `@node-rs/argon2` the hasher uses. Injectable so tests can count verify calls
 * (the timing-independence structure) without measuring time.
 */
export interface Argon2Port {
  hash(password: string, options: Required<PasswordHashOptions>): Promise<string>
  /** Rejects for an unparsable hash. */
  verify(hash: string, password: string): Promise<boolean>
  /** Throws for an unparsable hash. */
  parseOptions(hash: string): PasswordHashParameters
}

/** Options of {@link createPasswordHasher}. */
export interface PasswordHasherOptions {
  /** Shortest password {@link PasswordHasher.hash} accepts. Default 12. */
  minLength?: number
  /** Longest password accepted (and verified). Default 256. */
  maxLength?: number
  /** Argon2id costs for new hashes; hashes with other costs report {@link PasswordHasher.needsRehash}. */
  hashOptions?: PasswordHashOptions
  /** A precomputed hash of a random password for unknown users; computed at creation if absent. */
  dummyHash?: string
  /** The argon2 implementation; defaults to `@node-rs/argon2`. */
  argon2?: Argon2Port
}

/** Hashes and verifies passwords with argon2id (A6). */
export interface PasswordHasher {
  /** The policy new passwords must meet; check it first to report a field error. */
  readonly policy: PasswordPolicy
  /**
   * Hashes a new password to a PHC string. Throws `CoreAuthError` `INVALID_INPUT` if the password
   * violates the policy.
   */
  hash(password: string): Promise<string>
  /**
   * Whether `password` matches `hash`. Never throws: an unparsable hash is `false`. The minimum length
   * is not applied, so passwords set under an older policy still verify; one over the maximum never
   * matches and is rejected without hashing.
   */
  verify(hash: string, password: string): Promise<boolean>
  /**
   * For login: verifies against `hash`, or, when the user is unknown (`undefined`), against the dummy
   * hash and answers `false`. Either way exactly one argon2 verify runs, so the response time does not
   * reveal whether the account exists.
   */
  verifyOrDummy(hash: string | undefined, password: string): Promise<boolean>
  /** Whether a hash was made with other parameters than the current ones (or cannot be parsed). */
  needsRehash(hash: string): boolean
}

const nodeArgon2: Argon2Port = {
  hash: (password, options) =>
    argon2Hash(password, { ...options, algorithm: ARGON2ID as Algorithm }),
  verify: (hash, password) => argon2Verify(hash, password),
  parseOptions: (hash) => parseOptions(hash),
}

/**
 * Creates the argon2id password hasher. Start it once at boot: it precomputes the dummy hash used
 * for unknown users in the background.
 *
 * @example
 * ```ts
 * const passwords = createPasswordHasher({ minLength: 12 })
 * const stored = await passwords.hash('correct horse battery staple')
 * const user = await users.findByEmail(tenantId, email)
 * const ok = await passwords.verifyOrDummy(user?.passwordHash, password)
 * if (ok && passwords.needsRehash(user!.passwordHash)) await users.setPassword(user!.id, password)
 * ```
 */
export function createPasswordHasher({
  minLength = 12,
  maxLength = 256,
  hashOptions = {},
  dummyHash,
  argon2 = nodeArgon2,
}: PasswordHasherOptions = {}): PasswordHasher {
  const policy = createPasswordPolicy({ minLength, maxLength })
  const costs: Required<PasswordHashOptions> = {
    memoryCost: hashOptions.memoryCost ?? 19_456,
    timeCost: hashOptions.timeCost ?? 2,
    parallelism: hashOptions.parallelism ?? 1,
    outputLen: hashOptions.outputLen ?? 32,
  }

  let dummy: Promise<string> | undefined
  const getDummy = (): Promise<string> => {
    if (dummy !== undefined) return dummy
    const pending = argon2.hash(generateOpaqueToken(), costs)
    // Observed here so a failure is not an unhandled rejection; the next login retries.
    void pending.catch(() => {
      if (dummy === pending) dummy = undefined
    })
    dummy = pending
    return pending
  }
  if (dummyHash === undefined) void getDummy()
  else dummy = Promise.resolve(dummyHash)

  const verify = async (hash: string, password: string): Promise<boolean> => {
    if (passwordLength(password) > maxLength) return false
    try {
      return await argon2.verify(hash, normalizePassword(password))
    } catch {
      return false
    }
  }

  return {
    policy,
    async hash(password) {
      const result = policy.check(password)
      if (!result.ok) {
        throw new CoreAuthError('INVALID_INPUT', `Password rejected by policy: ${result.reason}`)
      }
      return argon2.hash(normalizePassword(password), costs)
    },
    verify,
    async verifyOrDummy(hash, password) {
      if (hash !== undefined) return verify(hash, password)
      await verify(await getDummy(), password)
      return false
    },
    needsRehash(hash) {
      let parsed: PasswordHashParameters
      try {
        parsed = argon2.parseOptions(hash)
      } catch {
        return true
      }
      return (
        parsed.algorithm !== ARGON2ID ||
        parsed.version !== VERSION_0X13 ||
        parsed.memoryCost !== costs.memoryCost ||
        parsed.timeCost !== costs.timeCost ||
        parsed.parallelism !== costs.parallelism ||
        parsed.outputLen !== costs.outputLen
      )
    },
  }
}
