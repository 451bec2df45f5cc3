import { describe, expect, it } from 'vitest'
import { fixedClock } from './fixed-clock'

describe('fixedClock', () => {
  it('stands still until advanced', () => {
    const clock = fixedClock(new Date('2026-03-01T10:00:00.000Z'))
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:00.000Z')
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:00.000Z')
    clock.advance(1_500)
    expect(clock.now().toISOString()).toBe('2026-03-01T10:00:01.500Z')
  })

  it('hands out copies, so callers cannot move it by mutating a Date', () => {
    const clock = fixedClock()
    clock.now().setFullYear(1999)
    expect(clock.now().getUTCFullYear()).toBe(2026)
  })

  it('can be set, and refuses to run backwards through advance()', () => {
    const clock = fixedClock()
    clock.set(new Date('2030-01-01T00:00:00.000Z'))
    expect(clock.now().getUTCFullYear()).toBe(2030)
    expect(() => clock.advance(-1)).toThrow(RangeError)
  })
})
