import { CoreEventsError } from '../core-events-error'
import type { PressureChange, PressureLevel } from '../event-dispatcher'

/** Options of {@link createPressureGauge}. */
export interface PressureGaugeOptions {
  readonly capacity: number
  readonly warningRatio: number
  readonly criticalRatio: number
  readonly onPressure: (change: PressureChange) => void
}

/** Tracks a queue's depth against its thresholds and reports level changes once each. */
export interface PressureGauge {
  /** Whether `extra` more items may be admitted at the current depth. */
  admits(depth: number, extra: number): boolean
  /** Reports a level change, if `depth` crossed a threshold since the last call. */
  update(depth: number): void
  readonly level: PressureLevel
}

function invalid(reason: string): never {
  throw new CoreEventsError('INVALID_DEFINITION', `Invalid dispatcher options: ${reason}`)
}

// capacity × ratio in floating point (10 × 0.7 = 7.000000000000001) must not round up.
const threshold = (capacity: number, ratio: number): number =>
  Math.max(1, Math.ceil(capacity * ratio - 1e-9))

/** Creates a gauge; throws `INVALID_DEFINITION` unless `0 < warning < critical ≤ 1` and capacity ≥ 1. */
export function createPressureGauge(options: PressureGaugeOptions): PressureGauge {
  const { capacity, warningRatio, criticalRatio, onPressure } = options
  if (!Number.isSafeInteger(capacity) || capacity < 1)
    invalid('queueCapacity must be an integer ≥ 1')
  if (!(warningRatio > 0 && warningRatio < criticalRatio && criticalRatio <= 1)) {
    invalid('ratios must satisfy 0 < warningRatio < criticalRatio ≤ 1')
  }
  const warningDepth = threshold(capacity, warningRatio)
  const criticalDepth = threshold(capacity, criticalRatio)
  let level: PressureLevel = 'normal'

  const levelAt = (depth: number): PressureLevel =>
    depth >= criticalDepth ? 'critical' : depth >= warningDepth ? 'warning' : 'normal'

  return {
    admits: (depth, extra) => depth < criticalDepth && depth + extra <= capacity,
    update(depth) {
      const next = levelAt(depth)
      if (next === level) return
      level = next
      try {
        onPressure({ level, depth, capacity })
      } catch {
        // A monitoring callback must not break the queue it monitors.
      }
    },
    // eslint-disable-next-line no-restricted-syntax -- built once per instance, not per request (ADR 0040)
    get level() {
      return level
    },
  }
}
