/** The error {@link withTimeout} rejects with when the work takes too long. */
export class TimeoutError extends Error {
  readonly code = 'TIMEOUT' as const
  readonly timeoutMs: number
  constructor(timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms`)
    this.name = 'TimeoutError'
    this.timeoutMs = timeoutMs
  }
}

/**
 * Runs `work` and settles with it, or rejects with {@link TimeoutError} after `timeoutMs`. The
 * work is not cancelled (a promise cannot be), only no longer awaited; a synchronous throw
 * becomes a rejection.
 *
 * @example
 * ```ts
 * await withTimeout(() => db.selectNoFrom(sql`1`.as('one')).execute(), 2000)
 * ```
 */
export async function withTimeout<T>(work: () => T | Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(timeoutMs)), timeoutMs)
  })
  try {
    return await Promise.race([Promise.resolve().then(work), timeout])
  } finally {
    clearTimeout(timer)
  }
}
