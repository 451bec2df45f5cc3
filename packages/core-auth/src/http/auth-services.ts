import { randomBytes } from 'node:crypto'
import { createMemoryCache } from '@rustok/core-cache'
import type { ModuleCore, ModuleLogger } from '@rustok/http'
import type { TenantStore } from '@rustok/core-tenant'
import {
  createAccessTokens,
  createCustomRoles,
  createPasswordHasher,
  createPlatformOperators,
  createPurposeTokens,
  createSessionService,
  createUserStore,
  type AccessTokens,
  type CustomRoles,
  type PasswordHasher,
  type PasswordHashOptions,
  type PlatformOperators,
  type PurposeTokens,
  type SessionService,
  type UserStore,
} from '../index'
import type { AuthConfig } from './auth-config'
import { createLogMailer, type Mailer } from './mailer'

/** What the auth module exports to the server and to modules that depend on it. */
export interface AuthServices {
  readonly hasher: PasswordHasher
  readonly accessTokens: AccessTokens
  readonly users: UserStore
  readonly sessions: SessionService
  readonly purposeTokens: PurposeTokens
  readonly customRoles: CustomRoles
  /** Who operates the platform (ADR 0020): platform routes check it; the server's bootstrap grants it. */
  readonly platformOperators: PlatformOperators
  readonly mailer: Mailer
}

/** Options of the auth module that are ports or tuning, not settings. */
export interface AuthModuleOptions {
  /** Where token mails go. Default: the log (a development mailer). */
  readonly mailer?: Mailer
  /** Argon2 costs; tests pass cheap ones. Default: @node-rs/argon2's defaults. */
  readonly hashOptions?: PasswordHashOptions
  /**
   * How long a live session check is remembered, in ms. Every authenticated request verifies its
   * session; remembering a "live" answer briefly keeps that off the database on hot paths, and a
   * revoked session stops working within this time. Default 1000; 0 checks every request.
   */
  readonly sessionCheckTtlMs?: number
}

/** Builds the auth services of one process from the module core. */
export function createAuthServices(
  core: Pick<ModuleCore<AuthConfig>, 'db' | 'outbox' | 'now' | 'logger' | 'config'>,
  options: AuthModuleOptions = {},
): AuthServices {
  const { db, outbox: events, now, config } = core
  const hasher = createPasswordHasher({ hashOptions: options.hashOptions })
  const sessionCheckTtlMs = options.sessionCheckTtlMs ?? 1000
  const liveSessions = createMemoryCache<true>({
    maxSize: 100_000,
    ttlMs: Math.max(1, sessionCheckTtlMs),
  })
  const isSessionActive = async (sessionId: string, tenantId: string): Promise<boolean> => {
    const check = async () =>
      (await sessions.isSessionActive(sessionId, tenantId)) ? true : undefined
    if (sessionCheckTtlMs <= 0) return (await check()) === true
    // Only live answers are remembered: the cache has no negative TTL, so a "not live" answer is
    // never kept (core-cache rejects `negativeTtlMs: 0`; leaving it out is how to say "none").
    const live = await liveSessions.getOrLoad(`${tenantId}:${sessionId}`, check)
    return live === true
  }
  const accessTokens = createAccessTokens({
    secret: config.jwtSecret ?? randomBytes(32),
    issuer: config.issuer,
    audience: config.audience,
    ttlSeconds: config.accessTtlSeconds,
    now,
    isSessionActive,
  })
  const sessions: SessionService = createSessionService({
    db,
    events,
    hasher,
    accessTokens,
    refreshTtlSeconds: config.refreshTtlSeconds,
    now,
  })
  return {
    hasher,
    accessTokens,
    users: createUserStore({ db, events, hasher, now }),
    sessions,
    purposeTokens: createPurposeTokens({ db, events, hasher, now }),
    customRoles: createCustomRoles({ db }),
    platformOperators: createPlatformOperators({ db }),
    mailer: options.mailer ?? createLogMailer(core.logger),
  }
}

/** What the auth routes use: the services, the settings, a logger and the tenants. */
export interface AuthRouteDeps extends AuthServices {
  readonly config: AuthConfig
  readonly logger: ModuleLogger
  /** The tenancy module's tenant store: the operator's invite route names a tenant by id. */
  readonly tenants: Pick<TenantStore, 'getById'>
}
