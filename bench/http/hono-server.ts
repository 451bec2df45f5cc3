// Target (b): the same answer from one bare Hono route on @hono/node-server, no middleware.
import type { AddressInfo } from 'node:net'
import type * as HonoModule from '../../apps/server/node_modules/hono'
import type * as NodeServerModule from '../../apps/server/node_modules/@hono/node-server'
import { answerGcQueries } from './gc-time'
import { announceReady, exitOnTerm } from './ready-message'
import { importServerDependency } from './server-dependency'

const { Hono } = await importServerDependency<typeof HonoModule>('hono')
const { serve } = await importServerDependency<typeof NodeServerModule>('@hono/node-server')

const app = new Hono()
app.get('/', (c) => c.json({ hello: 'world' }))
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  announceReady({ port: info.port, path: '/' })
})
answerGcQueries()
exitOnTerm()
