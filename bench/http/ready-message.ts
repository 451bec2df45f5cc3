/** The one JSON line a target server prints on stdout once it listens. */
export interface ReadyMessage {
  readonly port: number
  /** The method the load generator uses. Default GET. */
  readonly method?: 'GET' | 'POST'
  /** The path the load generator requests. */
  readonly path: string
  /** The body of every request (a POST's). */
  readonly body?: string
  /** Headers every request carries (the full stack's tenant and bearer token). */
  readonly headers?: Readonly<Record<string, string>>
  /** Facts about the target worth printing with the figures. */
  readonly notes?: readonly string[]
}

/** Tells the parent the server is ready; logs go elsewhere, so stdout carries only this line. */
export function announceReady(message: ReadyMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`)
}

/**
 * Exits cleanly on SIGTERM, so `--cpu-prof` can write its profile, and when the parent goes away
 * (its end of stdin closes), so an interrupted bench leaves no server behind.
 */
export function exitOnTerm(close: () => Promise<void> | void = () => undefined): void {
  const stop = (): void => {
    Promise.resolve(close()).then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGTERM', stop)
  process.stdin.once('close', stop)
  process.stdin.resume()
}
