import { defineServerModule, type ServerModule } from '@rustok/http'
import { tenancyModule } from '@rustok/core-tenant/http'
import { authEvents, authMigrations, pruneAuthData, userEvents } from '../index'
import { accountRoutes } from './account-routes'
import { AUTH_ERRORS } from './auth-errors'
import { AuthConfigSchema, type AuthConfig } from './auth-config'
import { createAuthServices, type AuthModuleOptions, type AuthServices } from './auth-services'
import { authenticate } from './authentication'
import { authorize } from './authorization'
import { sessionRoutes } from './session-routes'
import { tenantInviteRoute } from './tenant-invite-route'
import { userAccessRoutes } from './user-access-routes'
import { userAdminRoutes } from './user-admin-routes'

/**
 * The auth module: registration, sign-in, sessions, password and e-mail flows, user
 * administration, and the operator's invite into a tenant. It provides the pipeline's
 * authentication (session-bound bearer tokens) and authorization (the RBAC matrix plus the
 * tenant's custom roles). Settings come from `config.auth` ({@link AuthConfig}).
 *
 * @example
 * ```ts
 * const modules = [tenancyModule, authModule({ mailer })]
 * const composed = await composeModules(modules, { db, outbox, logger, config: { auth: { jwtSecret } } })
 * ```
 */
export function authModule(
  options: AuthModuleOptions = {},
): ServerModule<AuthConfig, AuthServices> {
  return defineServerModule<AuthConfig, AuthServices>({
    name: 'auth',
    description:
      'Registration, sign-in, sessions, password and e-mail flows, and user administration.',
    dependsOn: ['tenancy'],
    migrations: [authMigrations],
    events: [...userEvents, ...authEvents],
    audited: ['auth.', 'user.'],
    permissions: ['users:list', 'users:read', 'users:create', 'users:update', 'users:manage'],
    errors: { codes: AUTH_ERRORS, errorNames: ['CoreAuthError'] },
    config: AuthConfigSchema,
    setup: (core) => {
      const services = createAuthServices(core, options)
      const { tenants } = core.use(tenancyModule)
      const deps = { ...services, config: core.config, logger: core.logger, tenants }
      return {
        services,
        routes: [
          ...sessionRoutes(deps),
          ...accountRoutes(deps),
          ...userAdminRoutes(deps),
          ...userAccessRoutes(deps),
          tenantInviteRoute(deps),
        ],
        pipeline: {
          authenticate: authenticate(services.accessTokens),
          authorize: (permission, { platform = false } = {}) =>
            authorize(permission, (tenantId) => services.customRoles.rbacFor(tenantId), {
              platform,
              isOperator: (tenantId, userId) =>
                services.platformOperators.isOperator(tenantId, userId),
            }),
        },
        jobs: [
          {
            name: 'auth-maintenance',
            intervalMs: core.config.maintenance.intervalMs,
            run: async () => ({
              removed: {
                ...(await pruneAuthData(core.db, {
                  now: core.now,
                  retentionMs: core.config.maintenance.retentionMs,
                })),
              },
            }),
          },
        ],
        matrixFixtures: async ({ tenantId, adminId, customerId }) => {
          const [session] = await services.sessions.listSessions(tenantId, adminId)
          if (!session) throw new Error('The matrix needs a signed-in admin: no session found')
          return { users: { id: customerId }, sessions: { id: session.familyId } }
        },
      }
    },
  })
}
