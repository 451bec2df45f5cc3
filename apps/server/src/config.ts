import { fileURLToPath } from 'node:url'

/** What the server needs to start. (Validation with valibot and a config file come with the full server.) */
export interface ServerConfig {
  readonly host: string
  readonly port: number
  /** PostgreSQL url; PGlite in `dataDir` when absent. */
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  /** Longest wait for in-flight requests on shutdown before connections are cut. */
  readonly shutdownTimeoutMs: number
}

const defaultDataDir = fileURLToPath(new URL('../../../.data/pglite', import.meta.url))

/** Reads the configuration from the environment; a bad value stops the start with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer in 0..65535, got "${env.PORT}"`)
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATA_DIR ?? defaultDataDir,
    shutdownTimeoutMs: 10_000,
  }
}
