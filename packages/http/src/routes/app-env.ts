/** Who made an authenticated request: the verified claims of its session-bound access token. */
export interface Principal {
  readonly userId: string
  readonly tenantId: string
  readonly sessionId: string
  readonly role: string
}

/**
 * The tenant a request resolved to, as routes see it. Tenant resolution (`@rustok/core-tenant/http`)
 * sets a full tenant record; routes can rely on these fields.
 */
export interface RequestTenant {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly defaultLocale: string
}

/** Set on every request, before any route: ids for logs, correlation and tracing. */
export interface RequestVariables {
  /**
   * The server's id of this request, made for every request and never taken from the caller: the
   * correlation id of the events it writes, and the key to its log lines.
   */
  requestId: string
  /** The caller's own `X-Request-Id` when it sent a safe one: logged beside `requestId`. */
  clientRequestId?: string
  /** 32 lowercase hex: the caller's trace, continued, or a new one. */
  traceId: string
  /** 16 lowercase hex: this server span, new for every request. */
  spanId: string
  /** The `traceparent` of this server span, to propagate to outgoing calls and events. */
  traceparent: string
}

/** Set by tenant resolution on routes that need a tenant. */
export interface TenantVariables {
  tenant: RequestTenant
  tenantId: string
}

/** Set by authentication on routes that need a signed-in user. */
export interface PrincipalVariables {
  principal: Principal
  userId: string
}

/** Set by input validation for the route's handler: the parsed params, query and body. */
export interface InputVariables {
  routeInput: { readonly body: unknown; readonly query: unknown; readonly params: unknown }
}

/**
 * Every variable the pipeline may set. The app as a whole is typed with it; a route's handler sees
 * only what its declaration guarantees (`RouteEnv`).
 */
export interface AppVariables
  extends RequestVariables, TenantVariables, PrincipalVariables, InputVariables {}

/** The Hono environment of an app that mounts declared routes. */
export interface AppEnv {
  Variables: AppVariables
}
