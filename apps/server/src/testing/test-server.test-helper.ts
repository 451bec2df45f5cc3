import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Tenant } from '@rustok/core-tenant'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import * as v from 'valibot'
import { createServerApp, type PipelineExtras } from '../compose/create-server-app'
import { createPipelineExtras } from '../compose/pipeline-extras'
import { createServices, type Services } from '../compose/services'
import type { AuthModuleOptions, AuthServices, TokenMail } from '@rustok/core-auth/http'
import type { TenancyServices } from '@rustok/core-tenant/http'
import { migrationsOf, type AnyServerModule } from '@rustok/http'
import { ServerConfigSchema, type ServerConfigInput } from '../config/server-config'
import type { AppEnv, Route } from '@rustok/http'
import { createLogger } from '../observability/logger'
import { checkResponses } from './response-conformance.test-helper'
import { createMetrics } from '../observability/metrics'
import { serverModules } from '../modules/server-modules'
import type { Hono } from 'hono'

/** A signed-in user of a test tenant. */
export interface TestUser {
  readonly id: string
  readonly email: string
  readonly password: string
  readonly role: string
  readonly accessToken: string
  readonly refreshToken: string
  readonly sessionId: string
}

/** A tenant with an admin and a customer, both signed in. */
export interface TestTenant {
  readonly tenant: Tenant
  readonly admin: TestUser
  readonly customer: TestUser
}

/** Options of {@link TestServer.request}. */
export interface TestRequest {
  /** The tenant header: a tenant, a raw header value, or `null` for none. Default: acme. */
  readonly tenant?: Tenant | string | null
  /** A bearer token. */
  readonly token?: string
  /** Sent as JSON. */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
}

/** The server's services with the tenancy and auth modules' services at hand, for tests. */
export type TestServices = Services & TenancyServices & AuthServices

/** The full server on a test database, with two tenants (acme, globex) and a platform admin. */
export interface TestServer {
  readonly app: Hono<AppEnv>
  readonly routes: readonly Route[]
  readonly services: TestServices
  readonly testDb: TestDb<unknown>
  readonly acme: TestTenant
  readonly globex: TestTenant
  /** A super_admin of acme who is also the platform operator (ADR 0020). */
  readonly superAdmin: TestUser
  /** Every mail the server sent, oldest first (a recording mailer). */
  readonly mails: TokenMail[]
  request(method: string, path: string, init?: TestRequest): Promise<Response>
  /** Signs a user in again: a new session and tokens. */
  signIn(tenant: Tenant, email: string, password: string): Promise<TestUser>
  destroy(): Promise<void>
}

export const TEST_PASSWORD = 'correct horse battery staple'
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret!'

/** The auth module's test options: cheap password hashing, session checks never cached. */
export const TEST_MODULE_OPTIONS: AuthModuleOptions = {
  hashOptions: { memoryCost: 1024, timeCost: 1 },
  sessionCheckTtlMs: 0,
}

/** The server's services with the tenancy and auth modules' services spread in, as tests use them. */
export function testServices(services: Services): TestServices {
  return { ...services, ...services.tenancy, ...services.auth }
}

/**
 * The rate limit of tests: on, as in production, but so high that no test meets it unless it
 * sets its own.
 */
export const TEST_RATE_LIMIT = 1_000_000_000

let dataFolder: string | undefined

/** One temporary data folder per test process (the OS cleans its temp folder). */
function testDataFolder(): string {
  dataFolder ??= mkdtempSync(join(tmpdir(), 'rustok-test-data-'))
  return dataFolder
}

/**
 * The server configuration for tests: silent logs, header tenancy, a fixed secret, and the rate
 * limit on at {@link TEST_RATE_LIMIT}.
 */
export function testConfig(overrides: ServerConfigInput = {}) {
  return v.parse(ServerConfigSchema, {
    ...overrides,
    // A data folder of its own (uploaded media live beside it), never the repository's `.data`.
    database: {
      dataDir: join(testDataFolder(), 'pglite'),
      ...overrides.database,
    },
    log: { level: 'silent', ...overrides.log },
    auth: { jwtSecret: TEST_JWT_SECRET, ...overrides.auth },
    tenancy: { modes: ['header'], ...overrides.tenancy },
    rateLimit: { enabled: true, limit: TEST_RATE_LIMIT, ...overrides.rateLimit },
    demo: { seed: false, ...overrides.demo },
  })
}

/**
 * Starts the server's app (no socket: use `request`, which goes through `app.request`) on a
 * clone of the migrated test database. Every route runs the chain production runs: rate limiting
 * (at {@link TEST_RATE_LIMIT}) and `Idempotency-Key` support from `createPipelineExtras`, unless
 * `extras` says otherwise.
 */
export async function createTestServer(
  options: {
    /** Default: the server's modules (`serverModules`) with a recording mailer and cheap hashing. */
    readonly modules?: readonly AnyServerModule[]
    readonly config?: ServerConfigInput
    /** Default: the production chain's extras (`createPipelineExtras`). */
    readonly extras?: (services: TestServices) => PipelineExtras
    /** Session checks are not cached by default, so revocation tests see it at once. */
    readonly sessionCheckTtlMs?: number
  } = {},
): Promise<TestServer> {
  const mails: TokenMail[] = []
  const modules =
    options.modules ??
    serverModules({
      ...TEST_MODULE_OPTIONS,
      sessionCheckTtlMs: options.sessionCheckTtlMs ?? 0,
      mailer: {
        send: (mail) => {
          mails.push(mail)
          return Promise.resolve()
        },
      },
    })
  const testDb = await createTestDb<unknown>({ modules: migrationsOf(modules) })
  const composed = await createServices({
    config: testConfig(options.config),
    db: testDb.db,
    logger: createLogger({ level: 'silent' }),
    metrics: createMetrics({ defaultMetrics: false }),
    modules,
  })
  const services = testServices(composed)
  const extras = options.extras ?? ((built: TestServices) => createPipelineExtras(built))
  const { app, routes } = createServerApp(services, extras(services))
  checkResponses(app, { routes, errorCodes: services.errors.codes })

  const signIn = async (tenant: Tenant, email: string, password: string): Promise<TestUser> => {
    const result = await services.sessions.login({ tenantId: tenant.id, email, password })
    if (!result.ok) throw new Error(`sign-in of ${email} failed: ${result.reason}`)
    return {
      id: result.user.id,
      email,
      password,
      role: result.user.role,
      accessToken: result.accessToken,
      refreshToken: result.refreshToken,
      sessionId: result.session.id,
    }
  }
  const user = async (tenant: Tenant, email: string, role: string): Promise<TestUser> => {
    const registered = await services.users.register({
      tenantId: tenant.id,
      email,
      password: TEST_PASSWORD,
      role,
      emailVerified: true,
    })
    if (!registered.ok) throw new Error(`user ${email} not created: ${registered.reason}`)
    return signIn(tenant, email, TEST_PASSWORD)
  }
  const tenantWithUsers = async (slug: string): Promise<TestTenant> => {
    const created = await services.tenants.create({ slug, name: slug })
    if (!created.ok) throw new Error(`tenant ${slug} not created`)
    const { tenant } = created
    return {
      tenant,
      admin: await user(tenant, `admin@${slug}.test`, 'admin'),
      customer: await user(tenant, `customer@${slug}.test`, 'customer'),
    }
  }
  const acme = await tenantWithUsers('acme')
  const globex = await tenantWithUsers('globex')
  const superAdmin = await user(acme.tenant, 'root@acme.test', 'super_admin')
  await services.platformOperators.grant(acme.tenant.id, superAdmin.id)

  const request = (method: string, path: string, init: TestRequest = {}): Promise<Response> => {
    const headers = new Headers(init.headers)
    const tenant = init.tenant === undefined ? acme.tenant : init.tenant
    if (tenant !== null) {
      headers.set(
        services.config.tenancy.headerName,
        typeof tenant === 'string' ? tenant : tenant.id,
      )
    }
    if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`)
    let body: string | undefined
    if (init.body !== undefined) {
      body = JSON.stringify(init.body)
      if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    }
    return Promise.resolve(app.request(path, { method, headers, body }))
  }

  return {
    app,
    routes,
    services,
    testDb,
    acme,
    globex,
    superAdmin,
    mails,
    request,
    signIn,
    destroy: () => testDb.destroy(),
  }
}
