import { Hono, type Context } from 'hono'
import {
  createErrorHandler,
  mountRoutes,
  problemResponse,
  responseHeaders,
  routeNotFound,
  type AppEnv,
  type Route,
  type RoutePipeline,
  traceContext,
} from '@rustok/http'
import { requestBodyLimit } from '../http/request-body-limit'
import { opsRoutes } from '../modules/ops/ops-routes'
import { httpMetrics } from '../observability/http-metrics'
import { operationMetrics } from '../observability/operation-metrics'
import { requestLog } from '../observability/request-log'
import type { Services } from './services'

/** The HTTP app and the routes it serves (for the OpenAPI document and the router tests). */
export interface ServerApp {
  readonly app: Hono<AppEnv>
  readonly routes: readonly Route[]
}

/**
 * Routes whose successful request-log lines are sampled, one in {@link PROBE_LOG_EVERY}: probes
 * and scrapes repeat every few seconds and say the same each time. Their failures are all logged.
 */
const PROBE_ROUTES: readonly string[] = [
  '/health/live',
  '/health/ready',
  '/health/modules',
  '/metrics',
]
const PROBE_LOG_EVERY = 100

/** Middleware a caller adds to the per-route pipeline (rate limiting, idempotency). */
export type PipelineExtras = Pick<RoutePipeline, 'rateLimit' | 'userRateLimit' | 'idempotency'>

/**
 * Builds the HTTP app from the set-up modules. Every request passes the response headers
 * (`nosniff`, the route's `Cache-Control`), request id and trace context, the request log, metrics
 * and the body limit; a path with other methods is 405 with `Allow`, an unknown one 404. Each
 * route then runs its own chain (tenant, rate limit per address and tenant, authentication, rate
 * limit per user, permission, module guard, validation, idempotency), whose steps the tenancy and
 * auth modules provide and `extras` completes. With `onlyModules`, only those modules'
 * routes are served (a worker serves the operations routes alone).
 */
export function createServerApp(
  services: Services,
  extras: PipelineExtras = {},
  options: { readonly onlyModules?: readonly string[] } = {},
): ServerApp {
  const { logger, metrics, config, composed } = services
  const { onlyModules } = options
  const served = (name: string) => onlyModules === undefined || onlyModules.includes(name)
  const moduleRoutes = composed.modules.flatMap(({ module, routes }) =>
    served(module.name) ? routes : [],
  )
  const routes = [...moduleRoutes, ...(served('ops') ? opsRoutes(services, moduleRoutes) : [])]

  const app = new Hono<AppEnv>()
  app.onError(createErrorHandler({ logger, catalog: services.errors }))
  app.notFound(routeNotFound(routes))
  app.use(responseHeaders(routes))
  app.use(traceContext())
  // Outermost of the rest: the header goes on whatever response the request ends with.
  app.use(services.writePositions.middleware)
  app.use(requestLog({ logger, sample: { routes: PROBE_ROUTES, every: PROBE_LOG_EVERY } }))
  app.use(httpMetrics(metrics))
  app.use(operationMetrics(metrics, routes))
  const tooLarge = (c: Context, maxBytes: number) =>
    problemResponse(c, {
      code: 'PAYLOAD_TOO_LARGE',
      detail: `Request bodies are limited to ${maxBytes} bytes.`,
    })
  app.use(
    requestBodyLimit(
      {
        maxSize: config.http.bodyLimitBytes,
        onError: (c) => tooLarge(c, config.http.bodyLimitBytes),
      },
      // An upload route takes its own larger limit and counts what it streams.
      { routes, onError: tooLarge },
    ),
  )
  mountRoutes(app, routes, { ...composed.pipeline, ...extras })
  return { app, routes }
}
