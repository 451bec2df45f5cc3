import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { withTimeout } from './with-timeout'

/** How a module operation ended: done, refused as an expected business outcome, or failed. */
export type OperationOutcome = 'ok' | 'rejected' | 'error'

/** One collector reading: a single value, or values keyed by the collector's label value. */
export type CollectorSample = number | Readonly<Record<string, number>>

/** A metric whose value is read when `/metrics` is scraped. */
export interface CollectorOptions {
  /** The metric's name; cumulative counters end in `_total`. */
  readonly name: string
  readonly help: string
  /** `gauge` (default) for a current value, `counter` for a running total read from elsewhere. */
  readonly type?: 'gauge' | 'counter'
  /** The label a record sample's keys are values of. Default `kind`. */
  readonly labelName?: string
  /** Reads the current value(s). A failure or timeout drops the metric from this scrape. */
  readonly collect: () => CollectorSample | Promise<CollectorSample>
  /** Default 2000. */
  readonly timeoutMs?: number
}

/** One finished HTTP request, as {@link Metrics.observeRequest} takes it. */
export interface HttpObservation {
  readonly method: string
  /** The matched route pattern (`/posts/:id`), never the raw path, to bound cardinality. */
  readonly route: string
  readonly status: number
  readonly durationSeconds: number
}

/** The server's Prometheus metrics (P2). */
export interface Metrics {
  readonly registry: Registry
  /** Counts a request in `http_requests_total` and `http_request_duration_seconds`. */
  readonly observeRequest: (observation: HttpObservation) => void
  /** Counts one operation in `module_operations_total{module,operation,outcome}`. */
  readonly observeOperation: (module: string, operation: string, outcome: OperationOutcome) => void
  /**
   * Counts one run of a scheduled job in `scheduled_job_runs_total{job,outcome}`, and the rows
   * it removed in `maintenance_removed_rows_total{job,table}`.
   */
  readonly observeJobRun: (
    job: string,
    outcome: 'ok' | 'error',
    removed?: Readonly<Record<string, number>>,
  ) => void
  /** Registers a metric read on every scrape. */
  readonly registerCollector: (options: CollectorOptions) => void
  /** The Prometheus text exposition of every metric. */
  readonly text: () => Promise<string>
  /** The `Content-Type` of {@link Metrics.text}. */
  readonly contentType: string
}

/** Options for {@link createMetrics}. */
export interface MetricsOptions {
  /** Default: a new registry, so tests and apps never share prom-client's global one. */
  readonly registry?: Registry
  /** Collect Node.js process metrics (CPU, memory, event loop, GC). Default `true`. */
  readonly defaultMetrics?: boolean
  /** Histogram buckets in seconds. Default prom-client's (5 ms to 10 s). */
  readonly buckets?: readonly number[]
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

// More series than any real route table makes; beyond it, label children are not kept.
const MAX_CACHED_SERIES = 10_000

/** The pre-resolved children of one `{method, route, status}` series. */
interface RequestSeries {
  readonly count: { inc(value?: number): void }
  readonly duration: { observe(value: number): void }
}

/**
 * Creates the metrics registry with the HTTP and module-operation metrics, and optionally the
 * process metrics; other subsystems add theirs with {@link Metrics.registerCollector}.
 *
 * @example
 * ```ts
 * const metrics = createMetrics()
 * metrics.registerCollector({ name: 'db_pool_waiting_clients', help: 'Waiting', collect: () => pool.waitingCount })
 * app.use(httpMetrics(metrics))
 * app.get('/metrics', metricsHandler(metrics))
 * ```
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const { registry = new Registry(), defaultMetrics = true, buckets } = options
  if (defaultMetrics) collectDefaultMetrics({ register: registry })
  const registers = [registry]
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, matched route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  })
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds by method, matched route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    ...(buckets ? { buckets: [...buckets] } : {}),
    registers,
  })
  const operations = new Counter({
    name: 'module_operations_total',
    help: 'Module operations by module, operation and outcome (ok, rejected, error).',
    labelNames: ['module', 'operation', 'outcome'] as const,
    registers,
  })
  const jobRuns = new Counter({
    name: 'scheduled_job_runs_total',
    help: 'Runs of scheduled jobs (worker role) by job and outcome (ok, error).',
    labelNames: ['job', 'outcome'] as const,
    registers,
  })
  const removedRows = new Counter({
    name: 'maintenance_removed_rows_total',
    help: 'Rows the maintenance jobs deleted, by job and table.',
    labelNames: ['job', 'table'] as const,
    registers,
  })
  const refreshing = new Set<Promise<void>>()
  const collectorErrors = new Counter({
    name: 'metrics_collector_errors_total',
    help: 'Scrape-time collectors that failed or timed out, by metric name.',
    labelNames: ['collector'] as const,
    registers,
    // A scrape starts every metric's collect in registration order, before any settles; waiting
    // one tick, then for the collectors' refreshes, reports this scrape's failures in this scrape.
    collect: async () => {
      await Promise.resolve()
      await Promise.all(refreshing)
    },
  })

  function registerCollector(collector: CollectorOptions): void {
    const { name, help, type = 'gauge', labelName = 'kind', collect, timeoutMs = 2000 } = collector
    const config = { name, help, labelNames: [labelName], registers }
    // Both kinds are rebuilt from the reading on every scrape, so stale label values disappear.
    const metric: Gauge | Counter =
      type === 'gauge'
        ? new Gauge({ ...config, collect: () => track(refresh()) })
        : new Counter({ ...config, collect: () => track(refresh()) })
    async function track(refresh: Promise<void>): Promise<void> {
      refreshing.add(refresh)
      try {
        await refresh
      } finally {
        refreshing.delete(refresh)
      }
    }
    async function refresh(): Promise<void> {
      let sample: CollectorSample
      try {
        sample = await withTimeout(collect, timeoutMs)
      } catch {
        metric.reset()
        collectorErrors.inc({ collector: name })
        return
      }
      metric.reset()
      if (typeof sample === 'number') return set({}, sample)
      for (const [value, reading] of Object.entries(sample)) set({ [labelName]: value }, reading)
    }
    function set(labels: Record<string, string>, value: number): void {
      if (!Number.isFinite(value)) return
      if (metric instanceof Gauge) metric.set(labels, value)
      else metric.inc(labels, Math.max(0, value))
    }
  }

  // Label children resolved once per series and kept: a request then neither builds a labels
  // object nor turns its status into a string. Series are bounded by the route patterns, methods,
  // statuses and operations the server has; past MAX_CACHED_SERIES (a bug elsewhere) the rest are
  // counted uncached.
  const requestSeries = new Map<string, Map<string, Map<number, RequestSeries>>>()
  const operationSeries = new Map<string, Map<string, Map<OperationOutcome, () => void>>>()
  let cachedSeries = 0
  /** The value under `key`, made and kept (unless the cap is reached) when missing. */
  function within<K, V>(map: Map<K, V>, key: K, make: () => V): V {
    let found = map.get(key)
    if (found === undefined) {
      found = make()
      if (cachedSeries < MAX_CACHED_SERIES) {
        cachedSeries++
        map.set(key, found)
      }
    }
    return found
  }
  function newRequestSeries(method: string, route: string, status: number): RequestSeries {
    const byMethod = within(
      requestSeries,
      route,
      () => new Map<string, Map<number, RequestSeries>>(),
    )
    const byStatus = within(byMethod, method, () => new Map<number, RequestSeries>())
    return within(byStatus, status, () => {
      const labels = { method, route, status: String(status) }
      return { count: requests.labels(labels), duration: durations.labels(labels) }
    })
  }
  function newOperationSeries(module: string, operation: string, outcome: OperationOutcome) {
    const byOperation = within(
      operationSeries,
      module,
      () => new Map<string, Map<OperationOutcome, () => void>>(),
    )
    const byOutcome = within(byOperation, operation, () => new Map<OperationOutcome, () => void>())
    return within(byOutcome, outcome, () => {
      const child = operations.labels({ module, operation, outcome })
      return () => child.inc()
    })
  }

  return {
    registry,
    observeRequest({ method, route, status, durationSeconds }) {
      const known = METHODS.has(method) ? method : 'OTHER'
      const series =
        requestSeries.get(route)?.get(known)?.get(status) ?? newRequestSeries(known, route, status)
      series.count.inc()
      series.duration.observe(durationSeconds)
    },
    observeOperation(module, operation, outcome) {
      const inc =
        operationSeries.get(module)?.get(operation)?.get(outcome) ??
        newOperationSeries(module, operation, outcome)
      inc()
    },
    observeJobRun(job, outcome, removed = {}) {
      jobRuns.inc({ job, outcome })
      for (const [table, count] of Object.entries(removed)) {
        // Every table the job looks after gets a series, 0 included: "nothing to remove" shows.
        if (Number.isFinite(count) && count >= 0) removedRows.inc({ job, table }, count)
      }
    },
    registerCollector,
    text: () => registry.metrics(),
    contentType: registry.contentType,
  }
}
