import { Hono } from 'hono'
import { createErrorHandler } from './errors/error-handler'
import { notFound } from './errors/not-found'
import { log } from './log'

/**
 * The HTTP app. A placeholder for now: it serves liveness only. Routes, tenancy, auth and the
 * rest come with the full server.
 */
export function createApp(): Hono {
  const app = new Hono()
  app.onError(
    createErrorHandler({
      logger: {
        error: (fields, message) => log('error', message, { ...fields }),
        warn: (fields, message) => log('info', message, { ...fields }),
      },
    }),
  )
  app.notFound(notFound)
  app.get('/health/live', (c) => c.json({ status: 'ok' }))
  return app
}
