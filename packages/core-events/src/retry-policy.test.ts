import { describe, expect, it } from 'vitest'
import { isCoreEventsError } from './core-events-error'
import { exponentialBackoff } from './retry-policy'

describe('exponentialBackoff', () => {
  it('grows by the factor and stops at the cap without jitter', () => {
    const backoff = exponentialBackoff({ baseMs: 100, maxMs: 1_000, jitter: 'none' })
    expect([1, 2, 3, 4, 5, 50].map((attempt) => backoff(attempt))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ])
  })

  it('picks a random delay between 0 and the capped exponential (full jitter)', () => {
    const half = exponentialBackoff({ baseMs: 100, maxMs: 30_000, random: () => 0.5 })
    expect([1, 2, 3].map((attempt) => half(attempt))).toEqual([50, 100, 200])
    expect(exponentialBackoff({ random: () => 0 })(7)).toBe(0)
    expect(exponentialBackoff({ maxMs: 1_000, random: () => 0.999 })(20)).toBe(999)
  })

  it('uses the defaults 100 ms, ×2, 30 s', () => {
    const backoff = exponentialBackoff({ jitter: 'none' })
    expect(backoff(1)).toBe(100)
    expect(backoff(4)).toBe(800)
    expect(backoff(1_000_000)).toBe(30_000)
  })

  it('supports another factor and a zero base', () => {
    expect(exponentialBackoff({ baseMs: 10, factor: 3, jitter: 'none' })(3)).toBe(90)
    expect(exponentialBackoff({ baseMs: 0, jitter: 'none' })(10_000)).toBe(0)
  })

  it('treats attempts below 1 as the first', () => {
    const backoff = exponentialBackoff({ jitter: 'none' })
    expect(backoff(0)).toBe(100)
    expect(backoff(Number.NaN)).toBe(100)
  })

  it('rejects broken options', () => {
    for (const options of [{ baseMs: -1 }, { maxMs: 10, baseMs: 100 }, { factor: 0.5 }]) {
      let caught: unknown
      try {
        exponentialBackoff(options)
      } catch (error) {
        caught = error
      }
      expect(isCoreEventsError(caught) && caught.code).toBe('INVALID_DEFINITION')
    }
  })
})
