import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { dirname } from 'node:path'
import { serve } from '@hono/node-server'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import { createApp } from './app'
import { isConfigError } from './config/config-error'
import { loadConfig } from './config/load-config'
import { log } from './log'
import { migrationModules } from './migrations'

// The composition root: the only place that reads the environment and opens connections.
async function main(): Promise<void> {
  const config = loadConfig()
  const { database } = config
  if (!database.url) await mkdir(dirname(database.dataDir), { recursive: true })
  const db = await createDb<unknown>(
    dbOptionsFrom({ url: database.url, dataDir: database.dataDir, pool: database.pool }),
  )
  const { applied } = await createMigrator({ db, modules: migrationModules }).up()
  log('info', 'database ready', {
    database: database.url ? 'postgres' : `pglite:${database.dataDir}`,
    migrationsApplied: applied.length,
  })

  const server = serve({ fetch: createApp().fetch, hostname: config.host, port: config.port })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  log('info', 'listening', { url: `http://${config.host}:${port}` })

  let stopping = false
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    log('info', 'shutting down', { signal })
    // Stop accepting; in-flight requests finish, bounded by the timeout, then connections are cut.
    const force = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections()
    }, config.http.shutdownTimeoutMs)
    server.close(() => {
      clearTimeout(force)
      db.destroy().then(
        () => {
          log('info', 'stopped')
          process.exit(0)
        },
        (error: unknown) => {
          log('error', 'database close failed', { error: String(error) })
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
  log('error', 'start failed', { error: message })
  process.exit(1)
})
