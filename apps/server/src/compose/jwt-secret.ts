import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ConfigError } from '../config/config-error'
import type { ServerConfig } from '../config/server-config'

/** Where the access-token key comes from, for the start-up log. */
export type JwtSecretSource = 'config' | 'generated' | 'data-folder'

/** The key access tokens are signed with, and where it came from. */
export interface JwtSecret {
  readonly secret: string
  readonly source: JwtSecretSource
  /** The file that keeps an embedded server's key; absent when the key is configured. */
  readonly file?: string
}

/** The file next to the PGlite data folder that keeps the embedded server's key. */
export function embeddedJwtSecretFile(dataDir: string): string {
  return join(dirname(dataDir), 'jwt-secret')
}

const MIN_BYTES = 32

const isMissing = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT'
const isTaken = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EEXIST'

async function readSecret(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim()
    if (Buffer.byteLength(text) < MIN_BYTES) {
      throw new ConfigError([
        {
          path: 'auth.jwtSecret',
          message: `the key kept in ${file} is shorter than ${MIN_BYTES} bytes: delete the file or set JWT_SECRET`,
          source: `file ${file}`,
        },
      ])
    }
    return text
  } catch (error) {
    if (isMissing(error)) return undefined
    throw error
  }
}

/**
 * The access-token key of this process (requirement A6). A configured `auth.jwtSecret`
 * (`JWT_SECRET`) always wins. Without one:
 *
 * - on PostgreSQL, or in a process whose role is not `all`, the start is refused: several
 *   processes share the tokens there, and a key of its own per process would make each reject the
 *   others' tokens at random (`ConfigError` naming `JWT_SECRET`);
 * - on the embedded database (PGlite, role `all`: one process) a key is generated once and kept in
 *   `<dataDir>/../jwt-secret` (mode 0600), so tokens outlive a restart like the data does.
 *
 * @example
 * ```ts
 * const { secret } = await resolveJwtSecret(config)
 * const services = await createServices({ config: withJwtSecret(config, secret), … })
 * ```
 */
export async function resolveJwtSecret(config: ServerConfig): Promise<JwtSecret> {
  if (config.auth.jwtSecret !== undefined)
    return { secret: config.auth.jwtSecret, source: 'config' }
  if (config.database.url !== undefined || config.role !== 'all') {
    const where =
      config.database.url === undefined
        ? `the role is ${config.role}`
        : 'the database is PostgreSQL'
    throw new ConfigError([
      {
        path: 'auth.jwtSecret',
        message:
          `set JWT_SECRET (at least ${MIN_BYTES} bytes, the same in every process) when ${where}: ` +
          'without it each process signs tokens with a key of its own and rejects the others',
        source: 'default',
      },
    ])
  }
  const file = embeddedJwtSecretFile(config.database.dataDir)
  const kept = await readSecret(file)
  if (kept !== undefined) return { secret: kept, source: 'data-folder', file }
  const secret = randomBytes(MIN_BYTES).toString('base64url')
  await mkdir(dirname(file), { recursive: true })
  try {
    // `wx`: never overwrite a key another start wrote meanwhile; read that one instead.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if (!isTaken(error)) throw error
    const raced = await readSecret(file)
    if (raced !== undefined) return { secret: raced, source: 'data-folder', file }
    throw error
  }
  return { secret, source: 'generated', file }
}

/** `config` with its access-token key set. */
export function withJwtSecret(config: ServerConfig, secret: string): ServerConfig {
  return { ...config, auth: { ...config.auth, jwtSecret: secret } }
}
