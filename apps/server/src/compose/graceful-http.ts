import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { Server as NetServer } from 'node:net'

/** Stops an HTTP server without failing the requests it has already received. */
export interface GracefulHttp {
  /**
   * Stops accepting connections, lets every request already received finish (answering with
   * `Connection: close` so clients stop reusing the socket), then closes the remaining
   * connections. After `timeoutMs` the connections are cut whatever is still running.
   */
  close(timeoutMs: number): Promise<void>
  /** Requests received and not yet answered. */
  inFlight(): number
}

/**
 * Tracks the requests of `server` from now on. Node's own `server.close()` also closes every
 * connection that is not mid-request at that instant, including one whose request has arrived
 * but is not parsed yet: that client sees a reset although it was already talking to us. So the
 * listening socket is closed alone, and connections are closed once the requests are done.
 */
export function gracefulHttp(
  server: Server,
  { quietMs = 200 }: { quietMs?: number } = {},
): GracefulHttp {
  let inFlight = 0
  let closing = false
  let lastRequestAt = 0
  let drained: (() => void) | undefined
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1
    lastRequestAt = Date.now()
    if (closing) response.setHeader('Connection', 'close')
    response.once('close', () => {
      inFlight -= 1
      if (closing && inFlight === 0) drained?.()
    })
  })
  return {
    inFlight: () => inFlight,
    close(timeoutMs) {
      closing = true
      return new Promise((resolve) => {
        const finish = (): void => {
          clearTimeout(force)
          drained = undefined
          server.closeAllConnections()
          resolve()
        }
        const force = setTimeout(finish, timeoutMs)
        // A request that reached a socket but is not parsed yet is not counted in flight: close
        // only after a quiet spell with nothing running, so a busy event loop can catch up.
        let quiet: NodeJS.Timeout | undefined
        drained = (): void => {
          clearTimeout(quiet)
          quiet = setTimeout(() => {
            if (inFlight === 0 && Date.now() - lastRequestAt >= quietMs) finish()
            else if (inFlight === 0) drained?.()
          }, quietMs)
        }
        // net.Server's close stops listening; http.Server's would also drop idle keep-alive sockets.
        NetServer.prototype.close.call(server)
        if (inFlight === 0) drained()
      })
    },
  }
}
