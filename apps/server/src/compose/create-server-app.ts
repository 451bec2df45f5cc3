import { Hono } from 'hono'
import { createErrorHandler } from '../errors/error-handler'
import { notFound } from '../errors/not-found'
import { problemResponse } from '../errors/problem'
import type { AppEnv } from '../http/app-env'
import { authenticate } from '../http/authentication'
import { authorize } from '../http/authorization'
import { requireModule } from '../http/module-enabled'
import { requestBodyLimit } from '../http/request-body-limit'
import { mountRoutes, type RoutePipeline } from '../http/mount-routes'
import type { Route } from '../http/route-definition'
import { resolveTenant } from '../http/tenant-middleware'
import { httpMetrics } from '../observability/http-metrics'
import { operationMetrics } from '../observability/operation-metrics'
import { recordServedRoutes } from '../openapi/served-routes'
import { requestLog } from '../observability/request-log'
import { traceContext } from '../observability/trace-context'
import type { Services } from './services'

/** The HTTP app and the routes it serves (for the OpenAPI document and the router tests). */
export interface ServerApp {
  readonly app: Hono<AppEnv>
  readonly routes: readonly Route[]
}

/** Middleware a caller adds to the per-route pipeline (rate limiting, idempotency). */
export type PipelineExtras = Pick<RoutePipeline, 'rateLimit' | 'idempotency'>

/**
 * Builds the HTTP app from the services and the modules' routes. Every request passes request id
 * and trace context, the request log, metrics and the body limit; each route then runs its own
 * chain (tenant, authentication, rate limit, permission, module guard, validation, idempotency).
 */
export function createServerApp(
  services: Services,
  extras: PipelineExtras = {},
  options: { readonly onlyModules?: readonly string[] } = {},
): ServerApp {
  const { logger, metrics, config } = services
  const app = new Hono<AppEnv>()
  app.onError(createErrorHandler({ logger }))
  app.notFound(notFound)
  app.use(traceContext())
  app.use(requestLog({ logger }))
  app.use(httpMetrics(metrics))
  // Read on the first request: the routes are collected below.
  app.use(operationMetrics(metrics, () => routes))
  app.use(
    requestBodyLimit({
      maxSize: config.http.bodyLimitBytes,
      onError: (c) =>
        problemResponse(c, {
          code: 'PAYLOAD_TOO_LARGE',
          detail: `Request bodies are limited to ${config.http.bodyLimitBytes} bytes.`,
        }),
    }),
  )

  const byName = new Map(services.modules.map((module) => [module.name, module]))
  const { onlyModules } = options
  const mounted = services.modules.filter(
    (module) => onlyModules === undefined || onlyModules.includes(module.name),
  )
  const routes = mounted.flatMap((module) =>
    (module.routes?.(services) ?? []).map((route) =>
      // A toggleable module's routes exist only for tenants that enabled it.
      byName.get(module.name)?.toggleable && route.module === undefined
        ? { ...route, module: module.name }
        : route,
    ),
  )
  const pipeline: RoutePipeline = {
    resolveTenant: resolveTenant(services.tenantResolver),
    authenticate: authenticate(services.accessTokens),
    authorize: (permission) =>
      authorize(permission, (tenantId) => services.customRoles.rbacFor(tenantId)),
    requireModule: (module) => requireModule(services.tenantModules, module),
    ...extras,
  }
  mountRoutes(app, routes, pipeline)
  recordServedRoutes(services, routes)
  return { app, routes }
}
