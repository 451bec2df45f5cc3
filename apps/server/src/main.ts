import { mkdir } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { dirname } from 'node:path'
import { serve } from '@hono/node-server'
import { createDb, createMigrator, dbOptionsFrom } from '@rustok/core-db'
import { createApp } from './app'
import { loadConfig } from './config'
import { log } from './log'
import { migrationModules } from './migrations'

// The composition root: the only place that reads the environment and opens connections.
async function main(): Promise<void> {
  const config = loadConfig()
  if (!config.databaseUrl) await mkdir(dirname(config.dataDir), { recursive: true })
  const db = await createDb<unknown>(
    dbOptionsFrom({ url: config.databaseUrl, dataDir: config.dataDir }),
  )
  const { applied } = await createMigrator({ db, modules: migrationModules }).up()
  log('info', 'database ready', {
    database: config.databaseUrl ? 'postgres' : `pglite:${config.dataDir}`,
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
    }, config.shutdownTimeoutMs)
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
  log('error', 'start failed', { error: error instanceof Error ? error.message : String(error) })
  process.exit(1)
})
