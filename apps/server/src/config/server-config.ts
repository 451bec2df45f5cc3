import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { validateSlug } from '@rustok/core-tenant'
import { TrustedProxiesSchema, type TrustedProxies } from '@rustok/http'
import * as v from 'valibot'
import { serverDirectory } from '../server-directory'

/** Which parts a process runs: the HTTP API, the relay and event handlers, or both. */
export type ServerRole = 'api' | 'worker' | 'all'

/** How a request names its tenant: a header (`x-tenant-id`) or the request's host name. */
export type TenancyMode = 'header' | 'host'

/** pino levels, least verbose last; `silent` writes nothing. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

/** The `pg` pool settings, used only with `database.url`. */
export interface DatabasePoolConfig {
  readonly max: number
  readonly idleTimeoutMillis: number
  readonly connectionTimeoutMillis: number
}

/** Where the data lives: PostgreSQL when `url` is set, else embedded PGlite in `dataDir`. */
export interface DatabaseConfig {
  /** A `postgres://` (or `postgresql://`) URL. */
  readonly url?: string
  /** PGlite's data folder; absolute after loading. */
  readonly dataDir: string
  readonly pool: DatabasePoolConfig
}

/** Token signing and lifetimes. */
export interface AuthConfig {
  /**
   * HMAC key for access tokens, at least 32 bytes, the same in every process. Required on
   * PostgreSQL and in `api` or `worker` processes; an embedded server (PGlite, role `all`)
   * without one generates a key once and keeps it beside its data folder.
   */
  readonly jwtSecret?: string
  readonly issuer: string
  readonly audience: string
  readonly accessTtlSeconds: number
  readonly refreshTtlSeconds: number
  /** The operator's tenant invite answers with its token too (no mail needed). Default false. */
  readonly inviteTokenInResponse: boolean
}

/** How the tenant of a request is found. */
export interface TenancyConfig {
  /** Tried in order; the first that names a tenant wins. */
  readonly modes: readonly TenancyMode[]
  /** Header read by the `header` mode, lower case. */
  readonly headerName: string
  /** With `host` mode, `acme.<baseDomain>` names the tenant `acme`. */
  readonly baseDomain?: string
  /** The tenant used when no mode names one. */
  readonly defaultTenant?: string
}

/** The fixed-window request limit per IP, user and tenant. */
export interface RateLimitConfig {
  readonly enabled: boolean
  /** Requests allowed per key and window. */
  readonly limit: number
  readonly windowMs: number
}

/** HTTP server limits. */
export interface HttpConfig {
  /** Larger request bodies get 413. */
  readonly bodyLimitBytes: number
  /** Longest wait for in-flight requests on shutdown before connections are cut. */
  readonly shutdownTimeoutMs: number
}

/** Structured logging. */
export interface LogConfig {
  readonly level: LogLevel
}

/** The demo tenant and admin created on first start. */
export interface DemoConfig {
  /**
   * Whether to create them. Default: only on the embedded database (PGlite); on PostgreSQL only
   * when set explicitly (`DEMO_SEED=true`), so a production database never gets a demo admin.
   */
  readonly seed: boolean
  readonly adminEmail: string
  /** Printed once when generated; set it to keep a known password. */
  readonly adminPassword?: string
}

/**
 * The clean-up jobs the modules run in worker processes (bounded growth): how often, and how long
 * what they delete is kept.
 */
export interface MaintenanceConfig {
  /** Pause between runs of each job. */
  readonly intervalMs: number
  /** Delivered events (`sys_events`) and handlers' inbox receipts are deleted after this. */
  readonly eventsRetentionMs: number
  /** Expired sessions and single-use tokens are deleted this long after they expire. */
  readonly sessionsRetentionMs: number
}

/**
 * The platform operator the server ensures at every start (ADR 0020): the way a database that is
 * never seeded (production) gets its first operator.
 */
export interface PlatformConfig {
  /** The slug of the operator's own tenant, created if missing. */
  readonly tenant: string
  /**
   * When set: an account of this e-mail in `tenant` (a `super_admin` when created), listed as a
   * platform operator. Unset: nobody is made an operator at start.
   */
  readonly adminEmail?: string
  /** Used when the account is created; else a password is generated and logged once. */
  readonly adminPassword?: string
}

/** How far webhook deliveries may reach: the exceptions to the SSRF guard (ADR 0030). */
interface WebhooksServerConfig {
  /** Accept `http:` endpoint URLs (local development only). Default `false`. */
  readonly allowHttp: boolean
  /** Addresses or CIDRs that deliveries may reach although loopback or private. Default none. */
  readonly allowList: readonly string[]
  /**
   * Keys sealing endpoints' signing secrets at rest (AES-256-GCM, 32 bytes in base64 each; the
   * first seals, all open). Default none: secrets stored as they are.
   */
  readonly secretKeys: readonly string[]
}

/** The validated server configuration (requirement P7). Every field has a default except secrets and URLs. */
export interface ServerConfig {
  readonly host: string
  readonly port: number
  readonly role: ServerRole
  readonly database: DatabaseConfig
  /** NATS server URL; JetStream carries events when set, else they stay in-process. */
  readonly natsUrl?: string
  /** Redis URL; the cache and rate-limit store are shared through it when set. */
  readonly redisUrl?: string
  /**
   * The reverse proxies in front of the server: a hop count, or a list of their addresses and
   * CIDR ranges. It decides the client IP of the rate limits, the login throttle and sessions, and
   * whether `X-Forwarded-Host` may name the tenant's host. Default 0: none, the socket's peer is
   * the client and forwarded headers are ignored.
   */
  readonly trustedProxies: TrustedProxies
  readonly auth: AuthConfig
  readonly tenancy: TenancyConfig
  readonly rateLimit: RateLimitConfig
  readonly http: HttpConfig
  readonly log: LogConfig
  readonly demo: DemoConfig
  readonly platform: PlatformConfig
  readonly maintenance: MaintenanceConfig
  readonly webhooks: WebhooksServerConfig
}

/** Every key optional, recursively: the shape of a config file. */
export type DeepPartial<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K]
}

/** What {@link ServerConfigSchema} accepts: any subset of {@link ServerConfig}. */
export type ServerConfigInput = DeepPartial<ServerConfig>

/** The PGlite data folder when none is configured: `<repo>/.data/pglite`. */
export const DEFAULT_DATA_DIR: string = resolve(serverDirectory(), '../../.data/pglite')

/** Keys whose values are never printed, in dot notation. */
export const SECRET_CONFIG_PATHS: readonly string[] = [
  'auth.jwtSecret',
  'demo.adminPassword',
  'platform.adminPassword',
  'webhooks.secretKeys',
]

const ROLES = ['api', 'worker', 'all'] as const
const MODES = ['header', 'host'] as const
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
// setTimeout's longest delay; larger values fire at once.
const MAX_TIMER_MS = 2_147_483_647

// Every check carries its own message: valibot's defaults print the received value, and a
// rejected value may be a secret.
const integer = (min: number, max: number, unit = '') => {
  const message = `must be an integer in ${min}..${max}${unit}`
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.minValue(min, message),
    v.maxValue(max, message),
  )
}
const text = () => v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'))
const flag = () => v.boolean('must be true or false')
const url = (schemes: readonly string[]) => {
  const message = `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`
  const pattern = new RegExp(`^(?:${schemes.join('|')})://\\S+$`)
  return v.pipe(v.string(message), v.regex(pattern, message), v.url(message))
}
const email = () => v.pipe(v.string('must be a string'), v.email('must be an e-mail address'))
const password = () =>
  v.pipe(
    v.string('must be a string'),
    v.minLength(12, 'must be at least 12 characters'),
    v.maxLength(256, 'must be at most 256 characters'),
  )
const OBJECT = 'must be an object'
// A nested section: optional, and filled with its own defaults when absent.
const section = <TEntries extends v.ObjectEntries>(entries: TEntries) =>
  v.optional(
    v.strictObject(entries, OBJECT),
    {} as v.InferInput<v.StrictObjectSchema<TEntries, typeof OBJECT>>,
  )

const HOST_NAME =
  /^(?=.{1,253}$)[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*$/i
const HEADER_NAME = /^[!#$%&'*+.^_`|~\da-z-]+$/i
const isCidr = (entry: string): boolean => {
  const [address = '', prefix, extra] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || extra !== undefined) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

// Every setting with its own default; defaults that depend on other settings come after.
const ServerConfigObjectSchema = v.strictObject(
  {
    host: v.optional(text(), '127.0.0.1'),
    port: v.optional(integer(0, 65_535), 3000),
    role: v.optional(v.picklist(ROLES, 'must be one of api, worker, all'), 'all'),
    database: section({
      url: v.optional(url(['postgres', 'postgresql'])),
      dataDir: v.optional(text(), DEFAULT_DATA_DIR),
      pool: section({
        max: v.optional(integer(1, 1000), 10),
        idleTimeoutMillis: v.optional(integer(0, MAX_TIMER_MS, ' ms'), 10_000),
        connectionTimeoutMillis: v.optional(integer(0, MAX_TIMER_MS, ' ms'), 5000),
      }),
    }),
    natsUrl: v.optional(url(['nats', 'tls', 'ws', 'wss'])),
    redisUrl: v.optional(url(['redis', 'rediss'])),
    trustedProxies: v.optional(TrustedProxiesSchema, 0),
    auth: section({
      jwtSecret: v.optional(
        v.pipe(v.string('must be a string'), v.minBytes(32, 'must be at least 32 bytes')),
      ),
      issuer: v.optional(text(), 'rustok'),
      audience: v.optional(text(), 'rustok-api'),
      accessTtlSeconds: v.optional(integer(1, 86_400, ' s'), 900),
      refreshTtlSeconds: v.optional(integer(60, 31_536_000, ' s'), 2_592_000),
      inviteTokenInResponse: v.optional(flag(), false),
    }),
    tenancy: section({
      modes: v.optional(
        v.pipe(
          v.array(v.picklist(MODES, 'must be header or host'), 'must be a list of header, host'),
          v.minLength(1, 'must name at least one mode'),
        ),
        () => [...MODES],
      ),
      headerName: v.optional(
        v.pipe(text(), v.regex(HEADER_NAME, 'must be an HTTP header name'), v.toLowerCase()),
        'x-tenant-id',
      ),
      baseDomain: v.optional(
        v.pipe(text(), v.regex(HOST_NAME, 'must be a domain name such as example.com')),
      ),
      defaultTenant: v.optional(text()),
    }),
    rateLimit: section({
      enabled: v.optional(flag(), true),
      limit: v.optional(integer(1, 1_000_000_000), 300),
      windowMs: v.optional(integer(1, MAX_TIMER_MS, ' ms'), 60_000),
    }),
    http: section({
      bodyLimitBytes: v.optional(integer(1, 1_073_741_824, ' bytes'), 1_048_576),
      shutdownTimeoutMs: v.optional(integer(0, MAX_TIMER_MS, ' ms'), 10_000),
    }),
    log: section({
      level: v.optional(v.picklist(LEVELS, `must be one of ${LEVELS.join(', ')}`), 'info'),
    }),
    demo: section({
      seed: v.optional(flag()),
      adminEmail: v.optional(email(), 'admin@demo.rustok.dev'),
      adminPassword: v.optional(password()),
    }),
    maintenance: section({
      intervalMs: v.optional(integer(1_000, 86_400_000, ' ms'), 60_000),
      eventsRetentionMs: v.optional(integer(0, 31_536_000_000, ' ms'), 7 * 86_400_000),
      sessionsRetentionMs: v.optional(integer(0, 31_536_000_000, ' ms'), 86_400_000),
    }),
    platform: section({
      tenant: v.optional(
        v.pipe(
          text(),
          v.check((slug) => validateSlug(slug).ok, 'must be a tenant slug (not a reserved one)'),
        ),
        'platform',
      ),
      adminEmail: v.optional(email()),
      adminPassword: v.optional(password()),
    }),
    webhooks: section({
      allowHttp: v.optional(flag(), false),
      allowList: v.optional(
        v.array(
          v.pipe(
            v.string('must be a string'),
            v.check(isCidr, 'must be an IP address or CIDR such as 127.0.0.1/32'),
          ),
          'must be a list of IP addresses or CIDRs',
        ),
        [],
      ),
      secretKeys: v.optional(
        v.array(
          v.pipe(
            v.string('must be a string'),
            v.regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64'),
          ),
          'must be a list of keys',
        ),
        [],
      ),
    }),
  },
  OBJECT,
)

/** Settings whose default depends on other settings, filled after the rest is validated. */
function fillDependentDefaults(
  config: v.InferOutput<typeof ServerConfigObjectSchema>,
): ServerConfig {
  // The demo seed is for trying the server out: on by default only on the embedded database.
  const seed = config.demo.seed ?? config.database.url === undefined
  return { ...config, demo: { ...config.demo, seed } }
}

/**
 * The valibot schema of {@link ServerConfig}: fills every default and rejects unknown keys, so a
 * misspelt key in a config file stops the start instead of being ignored.
 *
 * @example
 * ```ts
 * const result = v.safeParse(ServerConfigSchema, { port: 8080 })
 * if (result.success) console.log(result.output.database.pool.max) // 10
 * ```
 */
export const ServerConfigSchema: v.GenericSchema<ServerConfigInput, ServerConfig> = v.pipe(
  ServerConfigObjectSchema,
  v.transform(fillDependentDefaults),
)
