import type { Hono, MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env'
import { rememberMatchedRoute } from './matched-route'
import { routeInput, validateInput } from './request-input'
import type { Permission, Route } from './route-definition'

/**
 * The per-route middleware an app composes; each is built once and shared by routes. The tenancy
 * module provides `resolveTenant` and `requireModule`, the auth module `authenticate` and
 * `authorize`; the app adds rate limiting and idempotency. A route that needs a step nobody
 * provided cannot be mounted.
 */
export interface RoutePipeline {
  readonly resolveTenant?: MiddlewareHandler<AppEnv>
  readonly authenticate?: MiddlewareHandler<AppEnv>
  /**
   * The rate limit that runs before authentication (per client address and tenant), so requests
   * with bad or forged tokens are counted too. Absent when rate limiting is switched off.
   */
  readonly rateLimit?: MiddlewareHandler<AppEnv>
  /** The rate limit per signed-in user, right after authentication, on routes that have one. */
  readonly userRateLimit?: MiddlewareHandler<AppEnv>
  /**
   * The declared permission's check. With `platform`, the route acts on every tenant: the caller
   * must also be a platform operator (ADR 0020), which no tenant role makes anyone.
   */
  readonly authorize?: (
    permission: Permission,
    options?: { readonly platform?: boolean },
  ) => MiddlewareHandler<AppEnv>
  readonly requireModule?: (module: string) => MiddlewareHandler<AppEnv>
  /** Absent when `Idempotency-Key` is not supported (no store). */
  readonly idempotency?: MiddlewareHandler<AppEnv>
}

function required<T>(step: T | undefined, route: Route, what: string): T {
  if (step === undefined) {
    throw new Error(`Route ${route.operationId} needs ${what}, which no mounted module provides`)
  }
  return step
}

/**
 * The middleware of one route, in the documented order (docs/api-conventions.md, ADR 0009):
 * tenant resolution, the rate limit per address and tenant, authentication, the rate limit per
 * user, the declared permission, the module guard, input validation (only for a route that
 * declares params, query or body: for the others it would check nothing), then idempotency.
 * Limiting before authenticating means a flood of invalid tokens is refused at the limit instead
 * of costing a token check each. Request id, trace context, logs and the body limit run before,
 * on every request.
 */
export function routeChain(route: Route, pipeline: RoutePipeline): MiddlewareHandler<AppEnv>[] {
  const chain: MiddlewareHandler<AppEnv>[] = []
  const { access } = route
  if (route.tenant === 'required') {
    chain.push(required(pipeline.resolveTenant, route, 'tenant resolution (the tenancy module)'))
  }
  if (pipeline.rateLimit) chain.push(pipeline.rateLimit)
  if (access.kind !== 'public') {
    chain.push(required(pipeline.authenticate, route, 'authentication (the auth module)'))
    if (pipeline.userRateLimit) chain.push(pipeline.userRateLimit)
  }
  if (access.kind === 'permission') {
    const authorize = required(pipeline.authorize, route, 'authorization (the auth module)')
    chain.push(authorize(access.permission, { platform: access.platform === true }))
  }
  if (route.module !== undefined) {
    const guard = required(pipeline.requireModule, route, 'the module guard (the tenancy module)')
    chain.push(guard(route.module))
  }
  const { body, query, params } = route.request
  if (body ?? query ?? params) chain.push(validateInput(route))
  if (route.idempotent && pipeline.idempotency) chain.push(pipeline.idempotency)
  return chain
}

/**
 * Mounts routes on `app`, each behind its {@link routeChain}. Two routes with the same method and
 * path, or the same `operationId`, are a programming error and throw at start.
 */
export function mountRoutes(
  app: Hono<AppEnv>,
  routes: readonly Route[],
  pipeline: RoutePipeline,
): void {
  const seen = new Set<string>()
  for (const route of routes) {
    for (const key of [`${route.method} ${route.path}`, `operationId ${route.operationId}`]) {
      if (seen.has(key)) throw new Error(`Route declared twice: ${key}`)
      seen.add(key)
    }
    const handle: MiddlewareHandler<AppEnv> = (c) => {
      rememberMatchedRoute(c, route)
      return Promise.resolve(route.handler(c, routeInput(c)))
    }
    const [first, ...rest] = [...routeChain(route, pipeline), handle]
    app.on(route.method.toUpperCase(), [route.path], first, ...rest)
  }
}
