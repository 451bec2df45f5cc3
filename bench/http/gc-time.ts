import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks'
import { createInterface } from 'node:readline'

/** V8's collections in a target server since it started. */
export interface GcTime {
  /** Time in young-generation collections (scavenges), ms. */
  readonly youngMs: number
}

/** The line a target server answers a `gc` line on stdin with. */
export interface GcAnswer {
  readonly gc: GcTime
}

/**
 * In a target server: counts V8's collections and answers each `gc` line on stdin with one
 * `{"gc": …}` line on stdout, so a bench can tell the time the server spent collecting garbage
 * over a stretch of load. Young collections are cheap while requests die young; a per-request
 * object that something long-lived keeps for a while makes every request's objects survive them
 * and multiplies their cost (issue 11, ADR 0040), which a CPU profile shows only as
 * "(garbage collector)".
 */
export function answerGcQueries(): void {
  let youngMs = 0
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { kind } = (entry as PerformanceEntry & { readonly detail: { readonly kind: number } })
        .detail
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) youngMs += entry.duration
    }
  }).observe({ entryTypes: ['gc'] })
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() !== 'gc') return
    // Entries reach the observer a little after each collection: let those pending arrive first.
    setImmediate(() => {
      const answer: GcAnswer = { gc: { youngMs } }
      process.stdout.write(`${JSON.stringify(answer)}\n`)
    })
  })
}
