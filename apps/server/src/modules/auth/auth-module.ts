import { authEvents, authMigrations } from '@rustok/core-auth'
import type { ServerModule } from '../server-module'
import { authRoutes } from './auth-routes'

/** Sign-in, sessions, account recovery, and the tenant's users. */
export const authModule: ServerModule = {
  name: 'auth',
  description:
    'Registration, sign-in, sessions, password and e-mail flows, and user administration.',
  migrations: [authMigrations],
  events: authEvents,
  permissions: ['users:list', 'users:read', 'users:create', 'users:update', 'users:manage'],
  routes: authRoutes,
}
