import type { Permission } from '@rustok/core-auth'
import type { Hono, MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env'
import { routeInput, validateInput } from './request-input'
import type { Route } from './route-definition'

/** The per-route middleware the server composes; each is built once and shared by routes. */
export interface RoutePipeline {
  readonly resolveTenant: MiddlewareHandler<AppEnv>
  readonly authenticate: MiddlewareHandler<AppEnv>
  /** Absent when rate limiting is switched off. */
  readonly rateLimit?: MiddlewareHandler<AppEnv>
  readonly authorize: (permission: Permission) => MiddlewareHandler<AppEnv>
  readonly requireModule: (module: string) => MiddlewareHandler<AppEnv>
  /** Absent when `Idempotency-Key` is not supported (no store). */
  readonly idempotency?: MiddlewareHandler<AppEnv>
}

/**
 * The middleware of one route, in the documented order (ARCHITECTURE.md, "One write"): tenant
 * resolution, authentication, rate limiting, the declared permission, the module guard, input
 * validation (only for a route that declares params, query or body: for the others it would
 * check nothing), then idempotency. Request id, trace context, logs and the body limit run
 * before, on every request.
 */
export function routeChain(route: Route, pipeline: RoutePipeline): MiddlewareHandler<AppEnv>[] {
  const chain: MiddlewareHandler<AppEnv>[] = []
  if (route.tenant === 'required') chain.push(pipeline.resolveTenant)
  if (route.access.kind !== 'public') chain.push(pipeline.authenticate)
  if (pipeline.rateLimit) chain.push(pipeline.rateLimit)
  if (route.access.kind === 'permission') chain.push(pipeline.authorize(route.access.permission))
  if (route.module !== undefined) chain.push(pipeline.requireModule(route.module))
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
    const handle: MiddlewareHandler<AppEnv> = (c) =>
      Promise.resolve(route.handler(c, routeInput(c)))
    const [first, ...rest] = [...routeChain(route, pipeline), handle]
    app.on(route.method.toUpperCase(), [route.path], first, ...rest)
  }
}
