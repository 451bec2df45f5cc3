// A server module with one declared route, composed and mounted in a plain Hono app, with its
// OpenAPI document. PGlite in memory; the outbox writer is a stand-in (a service passes
// @rustok/outbox's createOutbox()). Run it: npx tsx examples/hello-module.ts
import { createDb } from '@rustok/core-db'
import {
  composeModules,
  createErrorHandler,
  createOpenApiDocument,
  defineRoute,
  defineServerModule,
  mountRoutes,
  notFound,
  PUBLIC,
  traceContext,
  type AppEnv,
  type OutboxWriter,
} from '@rustok/http'
import { Hono } from 'hono'
import * as v from 'valibot'

export const helloModule = defineServerModule({
  name: 'hello',
  description: 'Says hello.',
  setup: () => ({
    services: undefined,
    routes: [
      defineRoute({
        method: 'get',
        path: '/hello',
        operationId: 'hello',
        summary: 'Hello',
        tags: ['hello'],
        access: PUBLIC,
        tenant: 'none',
        request: { query: v.object({ name: v.optional(v.string(), 'world') }) },
        responses: { 200: { description: 'A greeting' } },
        handler: (c, { query }) => c.json({ hello: query.name, requestId: c.var.requestId }),
      }),
    ],
  }),
})

const logger = {
  info: (fields: object, message: string) => console.info(message, fields),
  warn: (fields: object, message: string) => console.warn(message, fields),
  error: (fields: object, message: string) => console.error(message, fields),
}
const db = await createDb<unknown>({ driver: 'pglite' })
const outbox: OutboxWriter = {
  publishInTx: async () => {},
  transaction: (db, work) => db.transaction().execute(work),
  committed: () => {},
}

const composed = await composeModules([helloModule], { db, outbox, logger })
const app = new Hono<AppEnv>()
app.onError(createErrorHandler({ logger }))
app.notFound(notFound)
app.use(traceContext())
mountRoutes(app, composed.routes, composed.pipeline)

const hello = await app.request('/hello?name=Ada')
console.log(hello.status, await hello.json())
const missing = await app.request('/nowhere')
console.log(missing.status, missing.headers.get('content-type'))

const document = createOpenApiDocument({
  routes: composed.routes,
  info: { title: 'Hello', version: '1.0.0' },
  tenantHeader: { name: 'x-tenant-id', required: false },
})
console.log('OpenAPI paths:', Object.keys(document.paths ?? {}))
await db.destroy()
