import { describe, expect, it } from 'vitest'
import { attemptOutcome, backoffDelay, DEFAULT_RETRY_POLICY, retryAfterMs } from './retry-policy'
import type { WebhookResponse } from './webhook-sender'

const policy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 }
const now = new Date('2026-01-01T00:00:00Z')
const status = (code: number, retryAfter: string | null = null): WebhookResponse => ({
  ok: true,
  status: code,
  retryAfter,
  excerpt: '',
})
const outcome = (response: WebhookResponse, attempt = 1, random = () => 0.5) =>
  attemptOutcome(response, { policy, attempt, now, random })

describe('the retry policy', () => {
  it('spaces attempts exponentially with equal jitter, capped', () => {
    for (const [attempt, base] of [
      [1, 1_000],
      [2, 2_000],
      [3, 4_000],
      [7, 60_000],
      [20, 60_000],
    ] as const) {
      expect(backoffDelay(policy, attempt, () => 0)).toBe(base / 2)
      expect(backoffDelay(policy, attempt, () => 0.999999)).toBeCloseTo(base, -1)
    }
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1)
  })

  it('retries network errors, timeouts, 408, 429 and 5xx; everything else is final', () => {
    expect(outcome(status(204))).toEqual({ kind: 'success' })
    for (const code of [408, 429, 500, 502, 503])
      expect(outcome(status(code))).toEqual({ kind: 'retry', delayMs: 750 })
    expect(outcome({ ok: false, kind: 'network', error: 'ECONNREFUSED' }).kind).toBe('retry')
    expect(outcome({ ok: false, kind: 'timeout', error: 'slow' }).kind).toBe('retry')
    for (const code of [301, 302, 400, 401, 404, 410, 422])
      expect(outcome(status(code))).toEqual({ kind: 'final' })
    expect(outcome({ ok: false, kind: 'refused', error: 'loopback' })).toEqual({ kind: 'final' })
  })

  it('gives up after the last attempt', () => {
    expect(outcome(status(503), 4).kind).toBe('retry')
    expect(outcome(status(503), 5)).toEqual({ kind: 'final' })
  })

  it('honours Retry-After (seconds or a date) when longer than the backoff, capped', () => {
    expect(outcome(status(429, '30'))).toEqual({ kind: 'retry', delayMs: 30_000 })
    expect(outcome(status(503, 'Thu, 01 Jan 2026 00:00:20 GMT'))).toEqual({
      kind: 'retry',
      delayMs: 20_000,
    })
    expect(outcome(status(429, '0'))).toEqual({ kind: 'retry', delayMs: 750 })
    expect(outcome(status(429, '86400'))).toEqual({ kind: 'retry', delayMs: 60_000 })
    expect(retryAfterMs('soon', now)).toBeNull()
  })
})
