import { Hono } from 'hono'
import { createErrorHandler } from './errors/error-handler'
import { notFound } from './errors/not-found'
import type { ErrorLogger } from './errors/error-handler'

/**
 * The HTTP app. A placeholder for now: it serves liveness only. Routes, tenancy, auth and the
 * rest come with the full server.
 */
export function createApp({ logger }: { readonly logger: ErrorLogger }): Hono {
  const app = new Hono()
  app.onError(createErrorHandler({ logger }))
  app.notFound(notFound)
  app.get('/health/live', (c) => c.json({ status: 'ok' }))
  return app
}
