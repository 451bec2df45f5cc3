import autocannon from 'autocannon'
import { processCpuSeconds } from './process-cpu'

/** One measured stretch of load against one target. */
export interface LoadResult {
  /** Mean requests per second over the stretch. */
  readonly rps: number
  /** Requests answered over the stretch. */
  readonly requests: number
  readonly p50Ms: number
  readonly p99Ms: number
  /** Answers other than 2xx, and connection errors: any makes the figure suspect. */
  readonly failures: number
  /** The server process's CPU time per answered request, in µs (NaN where /proc is missing). */
  readonly cpuUsPerRequest: number
}

/** What {@link runLoad} takes. */
export interface LoadOptions {
  readonly url: string
  readonly headers?: Readonly<Record<string, string>>
  readonly method?: 'GET' | 'POST'
  readonly body?: string
  readonly seconds: number
  readonly connections: number
  /** The server's process id, to read its CPU time. */
  readonly pid: number
}

/** Runs autocannon (pipelining 1) for `seconds` and summarises it. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const cpuBefore = processCpuSeconds(options.pid)
  const result = await autocannon({
    url: options.url,
    headers: { ...options.headers },
    method: options.method ?? 'GET',
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
  })
  const cpuAfter = processCpuSeconds(options.pid)
  const cpuSeconds =
    cpuBefore === undefined || cpuAfter === undefined ? Number.NaN : cpuAfter - cpuBefore
  return {
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    cpuUsPerRequest: (cpuSeconds * 1e6) / result.requests.total,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors,
  }
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2
}
