import { Hono } from 'hono'

/**
 * The HTTP app. A placeholder for now: it serves liveness only. Routes, tenancy, auth and the
 * rest come with the full server.
 */
export function createApp(): Hono {
  const app = new Hono()
  app.get('/health/live', (c) => c.json({ status: 'ok' }))
  return app
}
