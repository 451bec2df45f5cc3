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

  let stopping = false
  const shutdown = (signal: NodeJS.Signals): void => {
    // A signal often comes twice: Ctrl-C reaches the whole process group, and `pnpm start`
    // forwards it as well. The first one starts the graceful stop; the others must not cut it.
    if (stopping) {
      logger.info({ signal }, 'already shutting down')
      return
    }
    stopping = true
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
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error: unknown) => {
  // A ConfigError's message names every bad setting and where it came from (secrets redacted).
  const message = isConfigError(error) || error instanceof Error ? error.message : String(error)
  logger.error({ error: message }, 'start failed')
  process.exit(1)
})
