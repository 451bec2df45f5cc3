import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import * as v from 'valibot'
import { ConfigError, type ConfigIssue } from './config-error'
import { CONFIG_ENV_VARIABLES, coerceEnvValue } from './config-env'
import { redactConfigValue } from './redact-config-value'
import { ServerConfigSchema, type ServerConfig } from './server-config'

/** Inputs of {@link loadConfig}; each defaults to the real process. */
export interface LoadConfigOptions {
  /** Default `process.env`. Empty strings count as unset. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Default `process.argv`; `--config <path>` and `--role <role>` (or `--x=value`) are read. */
  readonly argv?: readonly string[]
  /** Reads the config file as UTF-8 text. Default `fs.readFileSync`. */
  readonly readFile?: (path: string) => string
  /** Base of relative paths from the environment and arguments. Default `process.cwd()`. */
  readonly cwd?: string
}

/** A value set above the file, with where it came from (already redacted). */
interface Override {
  readonly path: string
  readonly value: unknown
  readonly source: string
}

interface ConfigFile {
  readonly path: string
  readonly data: Record<string, unknown>
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Loads the server configuration (requirement P7): defaults < JSON config file < environment <
 * command line, validated with {@link ServerConfigSchema}. Throws {@link ConfigError} listing every
 * bad key and where its value came from, with secrets redacted.
 *
 * The file's path comes from `--config <path>` or `RUSTOK_CONFIG`; relative paths inside it (such
 * as `database.dataDir`) are resolved against the file's folder. `--role` beats `RUSTOK_ROLE`.
 * Environment variables: `HOST`, `PORT`, `RUSTOK_ROLE`, `DATABASE_URL`, `DATA_DIR`, `DB_POOL_MAX`,
 * `DB_POOL_IDLE_TIMEOUT_MS`, `DB_POOL_CONNECTION_TIMEOUT_MS`, `NATS_URL`, `REDIS_URL`,
 * `JWT_SECRET`, `JWT_ISSUER`, `JWT_AUDIENCE`, `ACCESS_TOKEN_TTL_SECONDS`,
 * `REFRESH_TOKEN_TTL_SECONDS`, `TENANCY_MODES` (comma-separated), `TENANT_HEADER`, `BASE_DOMAIN`,
 * `DEFAULT_TENANT`, `RATE_LIMIT_ENABLED`, `RATE_LIMIT`, `RATE_LIMIT_WINDOW_MS`, `BODY_LIMIT_BYTES`,
 * `SHUTDOWN_TIMEOUT_MS`, `LOG_LEVEL`, `DEMO_SEED`, `DEMO_ADMIN_EMAIL`, `DEMO_ADMIN_PASSWORD`,
 * `MAINTENANCE_INTERVAL_MS`, `EVENTS_RETENTION_MS`, `SESSIONS_RETENTION_MS`, `PLATFORM_TENANT`,
 * `PLATFORM_ADMIN_EMAIL`, `PLATFORM_ADMIN_PASSWORD`
 * (see `CONFIG_ENV_VARIABLES` and the folder's README).
 *
 * @example
 * ```ts
 * const config = loadConfig() // reads process.env and process.argv
 * const test = loadConfig({ env: { PORT: '0' }, argv: [] })
 * ```
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const {
    env = process.env,
    argv = process.argv,
    readFile = (path: string) => readFileSync(path, 'utf8'),
    cwd = process.cwd(),
  } = options
  const args = parseArgs(argv)
  if (args.issues.length > 0) throw new ConfigError(args.issues)

  const fileRef = args.config ?? fromEnv(env, 'RUSTOK_CONFIG')
  const file = fileRef && readConfigFile(resolve(cwd, fileRef.value), fileRef.source, readFile)
  const overrides = [...envOverrides(env, cwd), ...args.overrides]

  const input = structuredClone(file?.data ?? {})
  for (const { path, value } of overrides) setPath(input, path, value)

  const result = v.safeParse(ServerConfigSchema, input)
  if (result.success) return result.output
  const seen = new Set<string>()
  const issues: ConfigIssue[] = []
  for (const issue of result.issues) {
    const path = v.getDotPath(issue) ?? ''
    const unknownKey = issue.type === 'strict_object' && issue.expected === 'never'
    const message = unknownKey ? 'is not a known setting' : issue.message
    if (seen.has(`${path}\0${message}`)) continue
    seen.add(`${path}\0${message}`)
    issues.push({ path, message, source: sourceOf(path, overrides, file) })
  }
  throw new ConfigError(issues)
}

interface ParsedArgs {
  readonly config?: { readonly value: string; readonly source: string }
  readonly overrides: readonly Override[]
  readonly issues: readonly ConfigIssue[]
}

/** Reads `--config` and `--role`; every other argument is left to others. */
function parseArgs(argv: readonly string[]): ParsedArgs {
  let config: ParsedArgs['config']
  const overrides: Override[] = []
  const issues: ConfigIssue[] = []
  for (let index = 0; index < argv.length; index += 1) {
    const match = /^--(config|role)(?:=(.*))?$/.exec(argv[index] ?? '')
    if (!match) continue
    const [, flag = '', inline] = match
    const value = inline ?? argv[index + 1]
    if (inline === undefined && value !== undefined && !value.startsWith('--')) index += 1
    if (value === undefined || value === '' || value.startsWith('--')) {
      issues.push({ path: flag, message: 'needs a value', source: `argument --${flag}` })
    } else if (flag === 'config') {
      config = { value, source: `argument --config=${JSON.stringify(value)}` }
    } else {
      overrides.push({
        path: 'role',
        value,
        source: `argument --role=${redactConfigValue('role', value)}`,
      })
    }
  }
  return { config, overrides, issues }
}

function fromEnv(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): { readonly value: string; readonly source: string } | undefined {
  const value = env[name]
  return value ? { value, source: `env ${name}=${JSON.stringify(value)}` } : undefined
}

function envOverrides(env: Readonly<Record<string, string | undefined>>, cwd: string): Override[] {
  return CONFIG_ENV_VARIABLES.flatMap(({ name, path, kind }) => {
    const raw = env[name]
    if (raw === undefined || raw === '') return []
    const source = `env ${name}=${redactConfigValue(path, raw)}`
    return [{ path, value: coerceEnvValue(kind, raw, cwd), source }]
  })
}

function readConfigFile(
  path: string,
  source: string,
  readFile: (path: string) => string,
): ConfigFile {
  let text: string
  try {
    text = readFile(path)
  } catch (error) {
    const code = isRecord(error) && typeof error.code === 'string' ? error.code : 'unreadable'
    const message = `cannot read config file ${path} (${code})`
    throw new ConfigError([{ path: '', message, source }], { cause: error })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    // The parser's message quotes the file's text, which may hold a secret: say only where.
    throw new ConfigError([{ path: '', message: 'is not valid JSON', source: `file ${path}` }])
  }
  if (!isRecord(data)) {
    throw new ConfigError([{ path: '', message: 'must be a JSON object', source: `file ${path}` }])
  }
  const database = data.database
  if (isRecord(database) && typeof database.dataDir === 'string' && !isAbsolute(database.dataDir)) {
    database.dataDir = resolve(dirname(path), database.dataDir)
  }
  return { path, data }
}

/** Sets `value` at a dot path, replacing anything in the way that is not an object. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.')
  const last = keys.pop() ?? path
  let node = target
  for (const key of keys) {
    const next = node[key]
    node = isRecord(next) ? next : (node[key] = {})
  }
  node[last] = value
}

function sourceOf(
  path: string,
  overrides: readonly Override[],
  file: ConfigFile | undefined,
): string {
  const override = overrides.findLast((o) => path === o.path || path.startsWith(`${o.path}.`))
  if (override) return override.source
  if (file && hasPath(file.data, path)) return `file ${file.path}`
  return 'default'
}

function hasPath(data: Record<string, unknown>, path: string): boolean {
  let node: unknown = data
  for (const key of path.split('.').filter(Boolean)) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false
    node = (node as Record<string, unknown>)[key]
  }
  return true
}
