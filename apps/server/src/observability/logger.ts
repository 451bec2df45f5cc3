import { pino, type DestinationStream, type Level, type Logger } from 'pino'

/** The logger the server uses: pino, writing one JSON object per line. */
export type { Logger } from 'pino'

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** The least severe level written; `silent` writes nothing. */
  readonly level: Level | 'silent'
  /** Where lines go. Default stdout (synchronously, so nothing is lost on exit). */
  readonly destination?: DestinationStream
  /** Fields on every line, e.g. `{ service: 'rustok', role: 'api' }`. */
  readonly base?: Readonly<Record<string, unknown>>
}

/** What redaction writes instead of a secret. */
export const REDACTED = '[REDACTED]'

// Secrets are removed wherever a caller might put them: request/response headers and credentials
// in logged objects, one or two levels deep (pino's redaction does not recurse by design).
const secretKeys = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'authorization',
  'cookie',
]
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
]

/**
 * Creates the server's structured JSON logger (P3) on pino: ISO timestamps, level names, and
 * `Authorization`, cookies, passwords and tokens redacted.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: 'info', base: { service: 'rustok' } })
 * logger.info({ tenantId }, 'tenant created')
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const { level, destination = pino.destination({ sync: true }), base = {} } = options
  return pino(
    {
      level,
      base: { ...base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactPaths, censor: REDACTED },
    },
    destination,
  )
}

/** The part of a pino logger {@link withoutRedaction} needs. */
export interface ChildLogger<T> {
  child(bindings: Record<string, never>, options: { redact: string[] }): T
}

/**
 * A child of `logger` that skips redaction: same destination, level, base fields and format. Only
 * for lines whose fields the server fixes and that hold no secret, such as the request log:
 * walking every wildcard redact path costs more than writing such a line. Like any pino child, it
 * keeps the level `logger` had when it was made.
 *
 * @example
 * ```ts
 * const lines = withoutRedaction(logger)
 * lines.info({ method, path, status }, 'request completed')
 * ```
 */
export function withoutRedaction<T>(logger: ChildLogger<T>): T {
  return logger.child({}, { redact: [] })
}
