import type { SettledSuccess } from './settle-delivery'

/** Settles one success; resolves once it is written (with the others of its group). */
export type SettleSuccess = (success: SettledSuccess) => Promise<void>

/**
 * Groups successes into few statements (a group commit): at most one statement is in flight, and
 * it carries every success that came in while the previous one ran (up to `maxGroup`). Under
 * load a delivery costs a share of one statement instead of a round trip of its own; alone, a
 * success waits only for the current turn of the event loop.
 */
export function createSuccessBatcher(options: {
  readonly settle: (successes: readonly SettledSuccess[]) => Promise<unknown>
  readonly maxGroup: number
}): SettleSuccess {
  type Waiting = {
    readonly success: SettledSuccess
    readonly resolve: () => void
    readonly reject: (error: unknown) => void
  }
  let queue: Waiting[] = []
  let flushing = false
  const flush = async () => {
    while (queue.length > 0) {
      const group = queue.slice(0, options.maxGroup)
      queue = queue.slice(group.length)
      try {
        await options.settle(group.map((waiting) => waiting.success))
        for (const waiting of group) waiting.resolve()
      } catch (error) {
        for (const waiting of group) waiting.reject(error)
      }
    }
    flushing = false
  }
  return (success) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ success, resolve, reject })
      if (flushing) return
      flushing = true
      // The next turn: the answers that arrived in this one's I/O go in the same statement.
      setImmediate(() => void flush())
    })
}
