import { isConfigError } from './config/config-error'
import { loadConfig } from './config/load-config'
import { startServer } from './compose/start-server'
import { createLogger } from './observability/logger'

// The composition root: the only place that reads the environment and opens connections.
const logger = createLogger({ level: 'info', base: { service: 'rustok' } })

async function main(): Promise<void> {
  const config = loadConfig()
  logger.level = config.log.level
  const server = await startServer(config, logger)

  const shutdown = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down')
    server.stop().then(
      () => {
        logger.info('stopped')
        process.exit(0)
      },
      (error: unknown) => {
        logger.error({ error: String(error) }, 'shutdown failed')
        process.exit(1)
      },
    )
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
