import { describe, expect, it } from 'vitest'
import { isConfigError, type ConfigError } from './config-error'
import { loadConfig, type LoadConfigOptions } from './load-config'
import { DEFAULT_DATA_DIR } from './server-config'

const SECRET = 'x'.repeat(40)

/** Loads with no process state: empty env and argv, and an in-memory file system. */
function load(options: LoadConfigOptions & { files?: Record<string, string> } = {}) {
  const { files = {}, ...rest } = options
  return loadConfig({
    env: {},
    argv: [],
    cwd: '/srv',
    readFile: (path) => {
      const text = files[path]
      if (text === undefined) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' })
      return text
    },
    ...rest,
  })
}

function failure(options: Parameters<typeof load>[0]): ConfigError {
  try {
    load(options)
  } catch (error) {
    if (isConfigError(error)) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('fills every default', () => {
    expect(load()).toEqual({
      host: '127.0.0.1',
      port: 3000,
      role: 'all',
      database: {
        dataDir: DEFAULT_DATA_DIR,
        pool: { max: 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5000 },
      },
      trustedProxies: 0,
      auth: {
        issuer: 'rustok',
        audience: 'rustok-api',
        accessTtlSeconds: 900,
        refreshTtlSeconds: 2_592_000,
        inviteTokenInResponse: false,
      },
      tenancy: { modes: ['header', 'host'], headerName: 'x-tenant-id' },
      rateLimit: { enabled: true, limit: 300, windowMs: 60_000 },
      http: { bodyLimitBytes: 1_048_576, shutdownTimeoutMs: 10_000 },
      log: { level: 'info' },
      demo: { seed: true, adminEmail: 'admin@demo.rustok.dev' },
      platform: { tenant: 'platform' },
      maintenance: {
        intervalMs: 60_000,
        eventsRetentionMs: 604_800_000,
        sessionsRetentionMs: 86_400_000,
      },
      webhooks: { allowHttp: false, allowList: [], secretKeys: [] },
    })
    expect(DEFAULT_DATA_DIR).toMatch(/[/\\]\.data[/\\]pglite$/)
  })

  it('reads the webhooks allow-list and http flag, and refuses an entry that is not an address or CIDR', () => {
    const loaded = load({
      env: { WEBHOOKS_ALLOW_HTTP: 'true', WEBHOOKS_ALLOW_LIST: '127.0.0.1/32, ::1' },
    })
    expect(loaded.webhooks).toEqual({
      allowHttp: true,
      allowList: ['127.0.0.1/32', '::1'],
      secretKeys: [],
    })
    const refused = failure({ env: { WEBHOOKS_ALLOW_LIST: 'localhost,10.0.0.0/33' } })
    expect(refused.message).toMatch(/webhooks\.allowList\.0: must be an IP address or CIDR/)
    expect(refused.message).toMatch(/webhooks\.allowList\.1: must be an IP address or CIDR/)
  })

  it('reads the keys sealing webhook secrets, and refuses one that is not 32 bytes without printing it', () => {
    const key = Buffer.alloc(32, 7).toString('base64')
    expect(load({ env: { WEBHOOKS_SECRET_KEYS: `${key}` } }).webhooks.secretKeys).toEqual([key])
    const refused = failure({ env: { WEBHOOKS_SECRET_KEYS: 'c2hvcnQta2V5' } })
    expect(refused.message).toMatch(/webhooks\.secretKeys\.0: must be 32 bytes in base64/)
    expect(refused.message).not.toContain('c2hvcnQta2V5')
  })

  it('lets the config file override defaults, keeping the rest', () => {
    const files = {
      '/etc/rustok.json': JSON.stringify({
        port: 8080,
        database: { pool: { max: 4 }, dataDir: 'data' },
        tenancy: { baseDomain: 'rustok.test' },
      }),
    }
    const config = load({ files, argv: ['node', 'main.ts', '--config', '/etc/rustok.json'] })
    expect(config.port).toBe(8080)
    expect(config.database.pool).toEqual({
      max: 4,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: 5000,
    })
    expect(config.database.dataDir).toBe('/etc/data')
    expect(config.tenancy).toMatchObject({ baseDomain: 'rustok.test', headerName: 'x-tenant-id' })
  })

  it('lets the environment override the file, and finds the file through RUSTOK_CONFIG', () => {
    const files = {
      '/srv/conf/rustok.json': JSON.stringify({ port: 8080, log: { level: 'warn' } }),
    }
    const config = load({
      files,
      env: {
        RUSTOK_CONFIG: 'conf/rustok.json',
        PORT: '9090',
        DB_POOL_MAX: '25',
        RATE_LIMIT: '50',
        RATE_LIMIT_ENABLED: 'off',
        TENANCY_MODES: 'host',
        DATA_DIR: 'db',
        DATABASE_URL: '',
      },
    })
    expect(config).toMatchObject({
      port: 9090,
      log: { level: 'warn' },
      database: { dataDir: '/srv/db', pool: { max: 25 } },
      rateLimit: { enabled: false, limit: 50 },
      tenancy: { modes: ['host'] },
    })
    expect(config.database.url).toBeUndefined()
  })

  it('seeds the demo by default only on the embedded database; on PostgreSQL only when asked', () => {
    const postgres = 'postgres://rustok@127.0.0.1:5432/rustok'
    expect(load().demo.seed).toBe(true)
    expect(load({ env: { DEMO_SEED: 'false' } }).demo.seed).toBe(false)
    expect(load({ env: { DATABASE_URL: postgres } }).demo.seed).toBe(false)
    expect(load({ env: { DATABASE_URL: postgres, DEMO_SEED: 'true' } }).demo.seed).toBe(true)
    const files = {
      '/srv/rustok.json': JSON.stringify({ database: { url: postgres }, demo: { seed: true } }),
    }
    expect(load({ files, env: { RUSTOK_CONFIG: '/srv/rustok.json' } }).demo.seed).toBe(true)
  })

  it('takes the platform operator to ensure at start, refusing a reserved tenant slug', () => {
    const config = load({
      env: { PLATFORM_ADMIN_EMAIL: 'ops@example.com', PLATFORM_ADMIN_PASSWORD: SECRET },
    })
    expect(config.platform).toEqual({
      tenant: 'platform',
      adminEmail: 'ops@example.com',
      adminPassword: SECRET,
    })
    const error = failure({ env: { PLATFORM_TENANT: 'admin', PLATFORM_ADMIN_PASSWORD: 'short' } })
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'platform.tenant',
      'platform.adminPassword',
    ])
    expect(error.message).toContain('PLATFORM_ADMIN_PASSWORD=[REDACTED]')
  })

  it.each([[['--role', 'worker']], [['--role=worker']]])(
    'takes the role from %j, over RUSTOK_ROLE',
    (args) => {
      expect(load({ argv: ['node', 'main.ts', ...args], env: { RUSTOK_ROLE: 'api' } }).role).toBe(
        'worker',
      )
      expect(load({ env: { RUSTOK_ROLE: 'api' } }).role).toBe('api')
    },
  )

  it('names a bad environment value and its variable', () => {
    const error = failure({ env: { PORT: '99999' } })
    expect(error.code).toBe('INVALID_CONFIG')
    expect(error.issues).toEqual([
      { path: 'port', message: 'must be an integer in 0..65535', source: 'env PORT="99999"' },
    ])
    expect(error.message).toContain('port: must be an integer in 0..65535 (from env PORT="99999")')
  })

  it('reads TRUSTED_PROXIES as a hop count or a list of addresses and ranges', () => {
    expect(load({ env: { TRUSTED_PROXIES: '2' } }).trustedProxies).toBe(2)
    expect(load({ env: { TRUSTED_PROXIES: '10.0.0.0/8, ::1' } }).trustedProxies).toEqual([
      '10.0.0.0/8',
      '::1',
    ])
    const error = failure({ env: { TRUSTED_PROXIES: '10.0.0.0/8,proxy.internal' } })
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: 'trustedProxies.1',
        message: 'must be an IP address or a CIDR range',
      }),
    ])
  })

  it('reports every bad key at once, each with its source', () => {
    const files = { '/srv/c.json': JSON.stringify({ log: { level: 'loud' }, port: 'x' }) }
    const error = failure({
      files,
      env: { RUSTOK_CONFIG: '/srv/c.json', DB_POOL_MAX: 'many', TENANCY_MODES: 'header,path' },
      argv: ['--role', 'boss'],
    })
    expect(error.message).toContain('port: must be an integer in 0..65535 (from file /srv/c.json)')
    expect(error.message).toContain('log.level: must be one of fatal, error')
    expect(error.message).toContain('(from env DB_POOL_MAX="many")')
    expect(error.message).toContain(
      'tenancy.modes.1: must be header or host (from env TENANCY_MODES="header,path")',
    )
    expect(error.message).toContain(
      'role: must be one of api, worker, all (from argument --role="boss")',
    )
  })

  it('rejects unknown keys in the file', () => {
    const files = { '/srv/c.json': JSON.stringify({ prot: 1, auth: { jwtSecrett: SECRET } }) }
    const error = failure({ files, argv: ['--config', '/srv/c.json'] })
    expect(error.issues.map((i) => i.path).sort()).toEqual(['auth.jwtSecrett', 'prot'])
    expect(error.message).toContain('prot: is not a known setting (from file /srv/c.json)')
    expect(error.message).not.toContain(SECRET)
  })

  it('never prints secrets or URL passwords', () => {
    const error = failure({
      env: {
        JWT_SECRET: 'short-secret',
        DEMO_ADMIN_PASSWORD: 'pw',
        DATABASE_URL: 'mysql://app:db-pass@db/app',
        REDIS_URL: 'http://:redis-pass@cache',
      },
    })
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'auth.jwtSecret',
      'database.url',
      'demo.adminPassword',
      'redisUrl',
    ])
    for (const secret of ['short-secret', '"pw"', 'db-pass', 'redis-pass']) {
      expect(error.message).not.toContain(secret)
    }
    expect(error.message).toContain(
      'auth.jwtSecret: must be at least 32 bytes (from env JWT_SECRET=[REDACTED])',
    )
    expect(error.message).toContain('env DATABASE_URL="mysql://[REDACTED]@db/app"')
  })

  it('accepts valid secrets and URLs', () => {
    const config = load({
      env: {
        JWT_SECRET: SECRET,
        DATABASE_URL: 'postgres://app:pw@localhost:5432/rustok',
        NATS_URL: 'nats://localhost:4222',
        REDIS_URL: 'redis://localhost:6379',
      },
    })
    expect(config.auth.jwtSecret).toBe(SECRET)
    expect(config.database.url).toBe('postgres://app:pw@localhost:5432/rustok')
  })

  it('reports a missing or broken file without quoting its text', () => {
    expect(failure({ env: { RUSTOK_CONFIG: '/nope.json' } }).message).toBe(
      'Invalid configuration:\n  - config: cannot read config file /nope.json (ENOENT) (from env RUSTOK_CONFIG="/nope.json")',
    )
    const files = { '/srv/c.json': `{"auth": {"jwtSecret": "${SECRET}"` }
    const broken = failure({ files, argv: ['--config=c.json'] })
    expect(broken.message).toContain('config: is not valid JSON (from file /srv/c.json)')
    expect(broken.message).not.toContain(SECRET)
    expect(failure({ files: { '/srv/c.json': '[]' }, argv: ['--config=c.json'] }).issues).toEqual([
      { path: '', message: 'must be a JSON object', source: 'file /srv/c.json' },
    ])
  })

  it('rejects --role and --config without a value', () => {
    expect(failure({ argv: ['--role'] }).issues).toEqual([
      { path: 'role', message: 'needs a value', source: 'argument --role' },
    ])
    expect(failure({ argv: ['--config', '--role', 'api'] }).issues[0]?.path).toBe('config')
  })
})
