// A plain Hono app that mounts only the tenancy and auth modules: tenant resolution, sign-up,
// sign-in, sessions and user administration, with their migrations and their events in the outbox.
// Run it: npx tsx examples/hono-app.ts  (PGlite in memory; with PORT set it serves on that port)
import { serve } from '@hono/node-server'
import { authModule } from '@rustok/core-auth/http'
import { createDb, createMigrator, type AnyKysely } from '@rustok/core-db'
import { tenancyModule } from '@rustok/core-tenant/http'
import {
  composeModules,
  createErrorHandler,
  errorCatalogOf,
  eventCatalogOf,
  migrationsOf,
  mountRoutes,
  notFound,
  traceContext,
  type AppEnv,
} from '@rustok/http'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { Hono } from 'hono'

const logger = {
  info: (fields: object, message: string) => console.info(message, fields),
  warn: (fields: object, message: string) => console.warn(message, fields),
  error: (fields: object, message: string) => console.error(message, fields),
}

const modules = [tenancyModule, authModule()]
/** The outbox's tables, then the two modules' tables. */
export const migrations = [outboxMigrations, ...migrationsOf(modules)]

/** Builds the app over `db` (default: a new in-memory PGlite), migrated for the two modules. */
export async function createAuthApp(db?: AnyKysely) {
  db ??= await createDb<unknown>({ driver: 'pglite' })
  await createMigrator({ db, modules: migrations }).up()
  const outbox = createOutbox({ catalog: eventCatalogOf(modules) })
  const composed = await composeModules(modules, {
    db,
    outbox,
    logger,
    config: {
      tenancy: { modes: ['header'] },
      auth: { jwtSecret: process.env.JWT_SECRET ?? 'change-me-change-me-change-me-32b' },
    },
  })

  const app = new Hono<AppEnv>()
  app.onError(createErrorHandler({ logger, catalog: errorCatalogOf(modules) }))
  app.notFound(notFound)
  app.use(traceContext())
  mountRoutes(app, composed.routes, composed.pipeline)
  return { app, tenancy: composed.services(tenancyModule), db }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { app, tenancy, db } = await createAuthApp()
  await tenancy.tenants.create({ slug: 'acme', name: 'Acme' })
  const account = { email: 'ada@example.com', password: 'correct horse battery staple' }
  const registered = await app.request('/api/auth/register', {
    method: 'POST',
    headers: { 'x-tenant-id': 'acme', 'content-type': 'application/json' },
    body: JSON.stringify(account),
  })
  console.info('POST /api/auth/register', registered.status)
  if (process.env.PORT) {
    serve({ fetch: app.fetch, port: Number(process.env.PORT) })
    console.info(`POST http://127.0.0.1:${process.env.PORT}/api/auth/login with x-tenant-id: acme`)
  } else {
    await db.destroy()
  }
}
