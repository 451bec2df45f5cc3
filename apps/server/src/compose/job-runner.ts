import type { ScheduledJob, ScheduledJobResult } from '@rustok/http'
import type { Metrics } from '../observability/metrics'

/** The slice of a logger the job runner writes failures to. */
export interface JobLog {
  warn(fields: object, message: string): void
}

/** Told of every finished run: the metrics of what each job did. */
export type JobRunObserver = (
  job: string,
  outcome: 'ok' | 'error',
  result: ScheduledJobResult | undefined,
) => void

/** An observer that counts each run, and the rows it removed, in the server's metrics. */
export function jobMetrics(metrics: Pick<Metrics, 'observeJobRun'>): JobRunObserver {
  return (job, outcome, result) => metrics.observeJobRun(job, outcome, result?.removed)
}

/** Scheduled jobs running in this process. */
export interface JobRunner {
  /** Stops scheduling; resolves when no job runs any more. */
  stop(): Promise<void>
}

/**
 * Runs each module's scheduled jobs in a worker process: a job runs, then waits its interval,
 * then runs again, so one job never overlaps itself. A failed run is logged and the job goes on
 * at its next interval; `observe` hears of every run (the server counts them, and the rows a
 * maintenance job removed, in its metrics). Jobs that must not run twice across workers guard
 * themselves (an advisory lock, or `FOR UPDATE SKIP LOCKED` batches): every worker runs every job.
 */
export function startJobs(
  jobs: readonly ScheduledJob[],
  log: JobLog,
  observe: JobRunObserver = () => undefined,
): JobRunner {
  let stopped = false
  const running = new Set<Promise<void>>()
  const timers = new Set<NodeJS.Timeout>()
  const schedule = (job: ScheduledJob) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      const run = job
        .run()
        .then(
          (result) => observe(job.name, 'ok', result ?? undefined),
          (error: unknown) => {
            log.warn({ job: job.name, error: String(error) }, 'scheduled job failed')
            observe(job.name, 'error', undefined)
          },
        )
        .finally(() => {
          running.delete(run)
          if (!stopped) schedule(job)
        })
      running.add(run)
    }, job.intervalMs)
    timer.unref()
    timers.add(timer)
  }
  for (const job of jobs) schedule(job)
  return {
    async stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      await Promise.all([...running])
    },
  }
}
