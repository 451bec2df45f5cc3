import type { ScheduledJob } from '@rustok/http'

/** The slice of a logger the job runner writes failures to. */
export interface JobLog {
  warn(fields: object, message: string): void
}

/** Scheduled jobs running in this process. */
export interface JobRunner {
  /** Stops scheduling; resolves when no job runs any more. */
  stop(): Promise<void>
}

/**
 * Runs each module's scheduled jobs in a worker process: a job runs, then waits its interval,
 * then runs again, so one job never overlaps itself. A failed run is logged and the job goes on
 * at its next interval. Jobs that must not run twice across workers guard themselves (an advisory
 * lock or a conditional update): every worker runs every job.
 */
export function startJobs(jobs: readonly ScheduledJob[], log: JobLog): JobRunner {
  let stopped = false
  const running = new Set<Promise<void>>()
  const timers = new Set<NodeJS.Timeout>()
  const schedule = (job: ScheduledJob) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      const run = job
        .run()
        .catch((error: unknown) =>
          log.warn({ job: job.name, error: String(error) }, 'scheduled job failed'),
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
