import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { dirname } from 'node:path'
import { serve } from '@hono/node-server'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import { createApp } from './app'
import { isConfigError } from './config/config-error'
import { loadConfig } from './config/load-config'
import { createLogger } from './observability/logger'
import { migrationModules } from './migrations'

// The composition root: the only place that reads the environment and opens connections.
const logger = createLogger({ level: 'info' })

async function main(): Promise<void> {
  const config = loadConfig()
  logger.level = config.log.level
  const { database } = config
  if (!database.url) await mkdir(dirname(database.dataDir), { recursive: true })
  const db = await createDb<unknown>(
    dbOptionsFrom({ url: database.url, dataDir: database.dataDir, pool: database.pool }),
  )
  const { applied } = await createMigrator({ db, modules: migrationModules }).up()
  logger.info(
    {
      database: database.url ? 'postgres' : `pglite:${database.dataDir}`,
      migrationsApplied: applied.length,
    },
    'database ready',
  )

  const server = serve({
    fetch: createApp({ logger }).fetch,
    hostname: config.host,
    port: config.port,
  })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  logger.info({ url: `http://${config.host}:${port}` }, 'listening')

  let stopping = false
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    // Stop accepting; in-flight requests finish, bounded by the timeout, then connections are cut.
    const force = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections()
    }, config.http.shutdownTimeoutMs)
    server.close(() => {
      clearTimeout(force)
      db.destroy().then(
        () => {
          logger.info('stopped')
          process.exit(0)
        },
        (error: unknown) => {
          logger.error({ error: String(error) }, 'database close failed')
          process.exit(1)
        },
      )
    })
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  // A ConfigError's message names every bad setting and where it came from (secrets redacted).
  const message = isConfigError(error) || error instanceof Error ? error.message : String(error)
  logger.error({ error: message }, 'start failed')
  process.exit(1)
})
