import type { WebhookResponse } from './webhook-sender'

/** How attempts are spaced and when a delivery is given up. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 8. */
  readonly maxAttempts: number
  /** Delay before the second attempt; doubles each time. Default 5 s. */
  readonly baseDelayMs: number
  /** Longest delay between two attempts (also caps `Retry-After`). Default 1 hour. */
  readonly maxDelayMs: number
}

/** The default {@link RetryPolicy}: 8 attempts, 5 s doubling to at most an hour. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 5_000,
  maxDelayMs: 3_600_000,
}

/** What to do after an attempt. */
export type AttemptOutcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'retry'; readonly delayMs: number }
  | { readonly kind: 'final' }

/**
 * The delay before the attempt after `attempt` (1-based): exponential, with equal jitter — half
 * fixed, half random — so endpoints that failed together do not come back together.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(exponential / 2 + (random() * exponential) / 2)
}

/** `Retry-After` in milliseconds (delta-seconds or an HTTP date), or `null`. */
export function retryAfterMs(value: string | null, now: Date): number | null {
  if (value === null) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime())
}

/** Whether a response (or its absence) is worth another attempt. */
export function isRetryable(response: WebhookResponse): boolean {
  if (!response.ok) return response.kind !== 'refused'
  return response.status === 408 || response.status === 429 || response.status >= 500
}

/**
 * Decides after attempt `attempt`: 2xx succeeds; a network error, a timeout, 408, 429 and 5xx are
 * retried after the backoff (or `Retry-After` when longer, capped at `maxDelayMs`) until the last
 * attempt; anything else (another 4xx, a redirect, a refused address) is final.
 */
export function attemptOutcome(
  response: WebhookResponse,
  context: {
    readonly policy: RetryPolicy
    readonly attempt: number
    readonly now: Date
    readonly random?: () => number
  },
): AttemptOutcome {
  if (response.ok && response.status >= 200 && response.status < 300) return { kind: 'success' }
  if (!isRetryable(response) || context.attempt >= context.policy.maxAttempts)
    return { kind: 'final' }
  const backoff = backoffDelay(context.policy, context.attempt, context.random)
  const asked = response.ok ? retryAfterMs(response.retryAfter, context.now) : null
  const delayMs = Math.min(context.policy.maxDelayMs, Math.max(backoff, asked ?? 0))
  return { kind: 'retry', delayMs }
}
