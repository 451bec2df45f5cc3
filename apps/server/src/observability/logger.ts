import { openSync } from 'node:fs'
import { pino, type DestinationStream, type Level, type Logger } from 'pino'

/** The logger the server uses: pino, writing one JSON object per line. */
export type { Logger } from 'pino'

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** The least severe level written; `silent` writes nothing. */
  readonly level: Level | 'silent'
  /** Where lines go. Default stdout through {@link logDestination}. */
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
  const { level, destination = logDestination(), base = {} } = options
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

/** Options of {@link logDestination}. */
export interface LogDestinationOptions {
  /** A file descriptor or a path. Default 1 (stdout). */
  readonly dest?: number | string
  /** Lines are written once this many bytes are waiting. Default 4096. */
  readonly minLength?: number
  /** …or this often, whatever is waiting. Default 250 ms. */
  readonly flushMs?: number
}

/**
 * Where the server's lines go: pino's destination, buffered. Lines wait in memory and are written
 * in batches (at `minLength` bytes, and every `flushMs`), so a request pays no write system call
 * of its own; pino writes what is waiting synchronously when the process exits, `process.exit()`
 * included. Only a process killed outright (SIGKILL, a crash of Node itself) loses what was
 * waiting: at most `minLength` bytes or `flushMs` of lines (ADR 0021).
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: 'info', destination: logDestination({ dest: '/var/log/rustok.log' }) })
 * ```
 */
export function logDestination(options: LogDestinationOptions = {}): DestinationStream {
  const { dest = 1, minLength = 4096, flushMs = 250 } = options
  // A path is opened here, synchronously: an asynchronous open could still be pending when an
  // early exit asks pino to write what is waiting.
  const fd = typeof dest === 'number' ? dest : openSync(dest, 'a')
  // sonic-boom writes what it is given at once (minLength 0); the lines wait in `batchLines`.
  const stream = pino.destination({ dest: fd, sync: false, minLength: 0 })
  batchLines(stream, minLength)
  const timer = setInterval(() => {
    try {
      stream.flush()
    } catch {
      // Not open yet (a path still opening), or closed: the next tick or exit writes it.
    }
  }, flushMs)
  timer.unref()
  stream.on('close', () => clearInterval(timer))
  return stream
}

/** What {@link batchLines} replaces on pino's destination (a SonicBoom). */
interface BatchedStream {
  write(data: string): boolean
  flush(callback?: (error?: Error) => void): void
  flushSync(): void
  end(): void
}

/**
 * Keeps the lines in an array and hands sonic-boom one string per batch of `minLength` bytes.
 * sonic-boom's own buffering appends each line to one string and measures it again
 * (`Buffer.byteLength`) on the next line, which flattens and copies the whole buffer per line:
 * about 9 KB allocated per request line in `pnpm bench:http:layers`. The methods are replaced on
 * the stream itself, so pino's exit handler (`flushSync` on the same object) still writes every
 * waiting line.
 */
function batchLines(stream: DestinationStream, minLength: number): void {
  const target = stream as DestinationStream & BatchedStream
  const write = target.write.bind(target)
  const flush = target.flush.bind(target)
  const flushSync = target.flushSync.bind(target)
  const end = target.end.bind(target)
  let lines: string[] = []
  let waiting = 0
  const handOver = (): void => {
    if (lines.length === 0) return
    const batch = lines.join('')
    lines = []
    waiting = 0
    write(batch)
  }
  target.write = (data: string): boolean => {
    lines.push(data)
    // Characters, not bytes: only the moment of the hand-over depends on it.
    waiting += data.length
    if (waiting >= minLength) handOver()
    return true
  }
  target.flush = (callback) => {
    handOver()
    flush(callback)
  }
  target.flushSync = () => {
    handOver()
    flushSync()
  }
  target.end = () => {
    handOver()
    end()
  }
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
