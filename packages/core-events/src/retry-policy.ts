import { CoreEventsError } from './core-events-error'

/** Maps the number of the attempt that just failed (1, 2, …) to the delay in ms before the next one. */
export type BackoffPolicy = (attempt: number) => number

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Delay cap of the first retry, in ms. Default `100`. */
  readonly baseMs?: number
  /** Upper bound of every delay, in ms. Default `30_000`. */
  readonly maxMs?: number
  /** Growth per attempt. Default `2`. */
  readonly factor?: number
  /**
   * `full` (default): a uniformly random delay between 0 and the capped exponential, so that many
   * failing deliveries do not retry in lock-step; `none`: exactly the capped exponential.
   */
  readonly jitter?: 'full' | 'none'
  /** Random source in `[0, 1)`; inject a fixed one in tests. Default `Math.random`. */
  readonly random?: () => number
}

function invalid(reason: string): never {
  throw new CoreEventsError('INVALID_DEFINITION', `Invalid exponentialBackoff options: ${reason}`)
}

/**
 * An exponential backoff policy: after attempt `n` fails, wait up to
 * `min(maxMs, baseMs · factor^(n-1))` ms (with full jitter, a random share of it). Pure: the only
 * input besides `attempt` is the injected `random`. Bad options throw `INVALID_DEFINITION`.
 *
 * @example
 * ```ts
 * const backoff = exponentialBackoff({ baseMs: 200, maxMs: 10_000 })
 * backoff(1) // somewhere in [0, 200)
 * backoff(3) // somewhere in [0, 800)
 * const dispatcher = createEventDispatcher({ backoff })
 * ```
 */
export function exponentialBackoff({
  baseMs = 100,
  maxMs = 30_000,
  factor = 2,
  jitter = 'full',
  random = Math.random,
}: ExponentialBackoffOptions = {}): BackoffPolicy {
  if (!Number.isFinite(baseMs) || baseMs < 0) invalid('baseMs must be a finite number ≥ 0')
  if (!Number.isFinite(maxMs) || maxMs < baseMs) invalid('maxMs must be a finite number ≥ baseMs')
  if (!Number.isFinite(factor) || factor < 1) invalid('factor must be a finite number ≥ 1')
  return (attempt) => {
    const exponent = Number.isNaN(attempt) ? 0 : Math.max(0, Math.floor(attempt) - 1)
    // factor ** exponent can overflow to Infinity; the cap keeps the delay finite.
    const capped = baseMs === 0 ? 0 : Math.min(maxMs, baseMs * factor ** exponent)
    return jitter === 'full' ? Math.floor(random() * capped) : capped
  }
}
