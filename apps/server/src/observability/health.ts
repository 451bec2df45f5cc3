import type { Context } from 'hono'
import { TimeoutError, withTimeout } from './with-timeout'

/** What a passing check found (counts, sizes). Never served on the public `/health/ready`. */
export interface HealthCheckResult {
  readonly details: Readonly<Record<string, unknown>>
}

/** One dependency the server needs (database, transport, cache, …). */
export interface HealthCheck {
  readonly name: string
  /** A failing critical check makes the server not ready (503); others only degrade it. */
  readonly critical: boolean
  /** Default 2000. A check still running then counts as failed. */
  readonly timeoutMs?: number
  /** Resolves when healthy; rejects (or throws) when not. */
  readonly check: () => Promise<void | HealthCheckResult>
}

/** A module's health as the module registry reports it. */
export interface ModuleHealth {
  /** Mounted in this process. A toggleable module serves only the tenants that enabled it. */
  readonly enabled: boolean
  /** Tenants switch it on and off. */
  readonly toggleable?: boolean
  readonly healthy: boolean
  /**
   * Set when its check threw or timed out. `/health/modules` answers a generic {@link PublicError}
   * in its place and logs the message.
   */
  readonly error?: string
  readonly details?: Readonly<Record<string, unknown>>
}

/** `ok`: all pass; `degraded`: a non-critical check fails; `down`: a critical one fails. */
export type HealthStatus = 'ok' | 'degraded' | 'down'

/** One check's outcome in a {@link ReadinessReport}. */
export interface CheckReport {
  readonly name: string
  readonly critical: boolean
  readonly status: 'pass' | 'fail'
  readonly durationMs: number
  /** Why it failed, generically: the failure itself (its message may name hosts) is logged. */
  readonly error?: PublicError
}

/** The body of `/health/ready`. */
export interface ReadinessReport {
  readonly status: HealthStatus
  readonly checks: readonly CheckReport[]
}

/**
 * What the public health answers say about a failure. A driver's message can carry addresses
 * (`connect ECONNREFUSED 10.0.0.5:5432`), so it goes to the log only.
 */
export type PublicError = 'timed out' | 'unavailable'

/** The slice of a logger the health routes use; pino's `Logger` fits. */
export interface HealthLogger {
  warn(fields: object, message: string): void
}

/** Options for {@link createHealth}. */
export interface HealthOptions {
  readonly checks: readonly HealthCheck[]
  /** Receives each failure in full: the check or module, and the error. Default: none. */
  readonly logger?: HealthLogger
  /** Per-module health from the module registry; `/health/modules` lists it. */
  readonly modules?: () => Promise<Readonly<Record<string, ModuleHealth>>>
  /** Milliseconds from an arbitrary origin. Default `performance.now()`. */
  readonly now?: () => number
}

/** Hono handlers for the health routes (P5). */
export interface Health {
  /** `/health/live`: the process serves requests; always 200. */
  readonly live: (c: Context) => Response
  /** `/health/ready`: 200 unless a critical check fails or times out, then 503. */
  readonly ready: (c: Context) => Promise<Response>
  /** `/health/modules`: each module's enabled flag and health; 503 if they cannot be read. */
  readonly modules: (c: Context) => Promise<Response>
  /** Runs every check, as `/health/ready` does (for start-up logs and tests). */
  readonly readiness: () => Promise<ReadinessReport>
}

const NO_STORE = { 'Cache-Control': 'no-store' }

function publicError(error: unknown): PublicError {
  return error instanceof TimeoutError ? 'timed out' : 'unavailable'
}

/**
 * Creates the health endpoints: liveness, readiness with dependency checks run in parallel with
 * per-check timeouts and criticality, and per-module health.
 *
 * @example
 * ```ts
 * const health = createHealth({
 *   checks: [{ name: 'database', critical: true, check: async () => { await sql`select 1`.execute(db) } }],
 *   modules: () => registry.health(),
 * })
 * app.get('/health/live', health.live)
 * app.get('/health/ready', health.ready)
 * app.get('/health/modules', health.modules)
 * ```
 */
export function createHealth(options: HealthOptions): Health {
  const { checks, modules: readModules, logger, now = () => performance.now() } = options

  async function run(check: HealthCheck): Promise<CheckReport> {
    const { name, critical, timeoutMs = 2000 } = check
    const start = now()
    const elapsed = (): number => Math.round((now() - start) * 100) / 100
    try {
      // What a check found (counts, sizes) stays off this public answer; /metrics has the figures.
      await withTimeout(check.check, timeoutMs)
      return {
        name,
        critical,
        status: 'pass',
        durationMs: elapsed(),
      }
    } catch (error) {
      logger?.warn({ check: name, critical, err: error }, 'health check failed')
      return { name, critical, status: 'fail', durationMs: elapsed(), error: publicError(error) }
    }
  }

  function publicModules(
    modules: Readonly<Record<string, ModuleHealth>>,
  ): Record<string, ModuleHealth> {
    const entries = Object.entries(modules).map(([name, health]): [string, ModuleHealth] => {
      if (health.error === undefined) return [name, health]
      logger?.warn({ module: name, error: health.error }, 'module health check failed')
      return [name, { ...health, error: 'unavailable' }]
    })
    return Object.fromEntries(entries)
  }

  async function readiness(): Promise<ReadinessReport> {
    const reports = await Promise.all(checks.map(run))
    const failed = reports.filter((report) => report.status === 'fail')
    const status: HealthStatus = failed.some((report) => report.critical)
      ? 'down'
      : failed.length > 0
        ? 'degraded'
        : 'ok'
    return { status, checks: reports }
  }

  return {
    live: (c) => c.json({ status: 'ok' }, 200, NO_STORE),
    async ready(c) {
      const report = await readiness()
      return c.json(report, report.status === 'down' ? 503 : 200, NO_STORE)
    },
    async modules(c) {
      try {
        const modules = publicModules((await readModules?.()) ?? {})
        const unhealthy = Object.values(modules).some((module) => module.enabled && !module.healthy)
        return c.json({ status: unhealthy ? 'degraded' : 'ok', modules }, 200, NO_STORE)
      } catch (error) {
        logger?.warn({ err: error }, 'module health could not be read')
        return c.json({ status: 'down', error: publicError(error) }, 503, NO_STORE)
      }
    },
    readiness,
  }
}
