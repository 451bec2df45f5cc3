import type { Tenant } from '@rustok/core-tenant'
import type { TraceContextVariables } from '../observability/trace-context'

/** Who made an authenticated request: the verified claims of its session-bound access token. */
export interface Principal {
  readonly userId: string
  readonly tenantId: string
  readonly sessionId: string
  readonly role: string
}

/** The per-request variables the middleware chain sets, in the order it sets them. */
export interface AppVariables extends TraceContextVariables {
  /** Set by tenant resolution on routes that need a tenant. */
  tenant: Tenant
  tenantId: string
  /** Set by authentication on routes that need a user. */
  principal: Principal
  userId: string
}

/** The Hono environment of every route of the server. */
export interface AppEnv {
  Variables: AppVariables
}
