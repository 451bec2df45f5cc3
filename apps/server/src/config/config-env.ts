import { isAbsolute, resolve } from 'node:path'

/** How an environment string becomes a configuration value. */
export type ConfigEnvKind = 'string' | 'integer' | 'boolean' | 'list' | 'path' | 'count-or-list'

/** One environment variable and the configuration key it sets. */
export interface ConfigEnvVariable {
  readonly name: string
  /** Dot path in `ServerConfig`, e.g. `database.pool.max`. */
  readonly path: string
  readonly kind: ConfigEnvKind
}

/**
 * Every environment variable the server reads, in README order. `RUSTOK_CONFIG` (the config
 * file's path) is read separately by `loadConfig`.
 */
export const CONFIG_ENV_VARIABLES: readonly ConfigEnvVariable[] = [
  { name: 'HOST', path: 'host', kind: 'string' },
  { name: 'PORT', path: 'port', kind: 'integer' },
  { name: 'RUSTOK_ROLE', path: 'role', kind: 'string' },
  { name: 'DATABASE_URL', path: 'database.url', kind: 'string' },
  { name: 'DATA_DIR', path: 'database.dataDir', kind: 'path' },
  { name: 'DB_POOL_MAX', path: 'database.pool.max', kind: 'integer' },
  { name: 'DB_POOL_IDLE_TIMEOUT_MS', path: 'database.pool.idleTimeoutMillis', kind: 'integer' },
  {
    name: 'DB_POOL_CONNECTION_TIMEOUT_MS',
    path: 'database.pool.connectionTimeoutMillis',
    kind: 'integer',
  },
  { name: 'NATS_URL', path: 'natsUrl', kind: 'string' },
  { name: 'REDIS_URL', path: 'redisUrl', kind: 'string' },
  { name: 'TRUSTED_PROXIES', path: 'trustedProxies', kind: 'count-or-list' },
  { name: 'JWT_SECRET', path: 'auth.jwtSecret', kind: 'string' },
  { name: 'JWT_ISSUER', path: 'auth.issuer', kind: 'string' },
  { name: 'JWT_AUDIENCE', path: 'auth.audience', kind: 'string' },
  { name: 'ACCESS_TOKEN_TTL_SECONDS', path: 'auth.accessTtlSeconds', kind: 'integer' },
  { name: 'REFRESH_TOKEN_TTL_SECONDS', path: 'auth.refreshTtlSeconds', kind: 'integer' },
  { name: 'INVITE_TOKEN_IN_RESPONSE', path: 'auth.inviteTokenInResponse', kind: 'boolean' },
  { name: 'TENANCY_MODES', path: 'tenancy.modes', kind: 'list' },
  { name: 'TENANT_HEADER', path: 'tenancy.headerName', kind: 'string' },
  { name: 'BASE_DOMAIN', path: 'tenancy.baseDomain', kind: 'string' },
  { name: 'DEFAULT_TENANT', path: 'tenancy.defaultTenant', kind: 'string' },
  { name: 'RATE_LIMIT_ENABLED', path: 'rateLimit.enabled', kind: 'boolean' },
  { name: 'RATE_LIMIT', path: 'rateLimit.limit', kind: 'integer' },
  { name: 'RATE_LIMIT_WINDOW_MS', path: 'rateLimit.windowMs', kind: 'integer' },
  { name: 'BODY_LIMIT_BYTES', path: 'http.bodyLimitBytes', kind: 'integer' },
  { name: 'SHUTDOWN_TIMEOUT_MS', path: 'http.shutdownTimeoutMs', kind: 'integer' },
  { name: 'LOG_LEVEL', path: 'log.level', kind: 'string' },
  { name: 'DEMO_SEED', path: 'demo.seed', kind: 'boolean' },
  { name: 'DEMO_ADMIN_EMAIL', path: 'demo.adminEmail', kind: 'string' },
  { name: 'DEMO_ADMIN_PASSWORD', path: 'demo.adminPassword', kind: 'string' },
  { name: 'MAINTENANCE_INTERVAL_MS', path: 'maintenance.intervalMs', kind: 'integer' },
  { name: 'EVENTS_RETENTION_MS', path: 'maintenance.eventsRetentionMs', kind: 'integer' },
  { name: 'SESSIONS_RETENTION_MS', path: 'maintenance.sessionsRetentionMs', kind: 'integer' },
  { name: 'PLATFORM_TENANT', path: 'platform.tenant', kind: 'string' },
  { name: 'PLATFORM_ADMIN_EMAIL', path: 'platform.adminEmail', kind: 'string' },
  { name: 'PLATFORM_ADMIN_PASSWORD', path: 'platform.adminPassword', kind: 'string' },
  { name: 'WEBHOOKS_ALLOW_HTTP', path: 'webhooks.allowHttp', kind: 'boolean' },
  { name: 'WEBHOOKS_ALLOW_LIST', path: 'webhooks.allowList', kind: 'list' },
  { name: 'WEBHOOKS_SECRET_KEYS', path: 'webhooks.secretKeys', kind: 'list' },
]

const TRUE = new Set(['true', '1', 'yes', 'on'])
const FALSE = new Set(['false', '0', 'no', 'off'])

/**
 * Turns an environment string into the value the schema expects. A string that does not convert
 * is returned unchanged, so validation rejects it and the error names the variable.
 *
 * @example
 * ```ts
 * coerceEnvValue('integer', '8080', process.cwd()) // 8080
 * coerceEnvValue('list', 'header, host', process.cwd()) // ['header', 'host']
 * coerceEnvValue('count-or-list', '2', process.cwd()) // 2
 * ```
 */
export function coerceEnvValue(kind: ConfigEnvKind, raw: string, cwd: string): unknown {
  const trimmed = raw.trim()
  switch (kind) {
    case 'string':
      return raw
    case 'integer':
      return /^[+-]?\d+$/.test(trimmed) ? Number(trimmed) : raw
    case 'boolean': {
      const lower = trimmed.toLowerCase()
      if (TRUE.has(lower)) return true
      return FALSE.has(lower) ? false : raw
    }
    case 'list':
      return trimmed
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    case 'path':
      return isAbsolute(raw) ? raw : resolve(cwd, raw)
    case 'count-or-list':
      return /^\d+$/.test(trimmed) ? Number(trimmed) : coerceEnvValue('list', raw, cwd)
  }
}
