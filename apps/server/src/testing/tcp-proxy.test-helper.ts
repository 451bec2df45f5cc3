import { once } from 'node:events'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'

// Adapted from core-db's own test helper (a package's internals are not imported across packages).

/** A TCP proxy in front of PostgreSQL that can fail connections the ways outages do. */
export interface TcpProxy {
  /** The url given to {@link startTcpProxy}, through the proxy. */
  readonly url: string
  /** Connections open through the proxy now. */
  readonly open: () => number
  /** Closes every connection open now, as a server restart or a reset would. */
  cut(): void
  /**
   * While `true`, accepts each new connection and closes it at once, before a byte of the
   * protocol: the server is there but hangs up (it is starting or stopping).
   */
  hangUp(hangingUp: boolean): void
  /**
   * Stops listening and closes every connection: new connections are refused (`ECONNREFUSED`), as
   * when the database is down. {@link listen} opens the same port again.
   */
  stop(): Promise<void>
  /** Listens again on the same port after {@link stop}. */
  listen(): Promise<void>
  /** Closes every connection and stops listening for good. */
  close(): Promise<void>
}

interface Pair {
  readonly client: Socket
  readonly server: Socket
}

/** Starts a {@link TcpProxy}, on a free loopback port, to the server of a PostgreSQL `url`. */
export async function startTcpProxy(url: string): Promise<TcpProxy> {
  const target = new URL(url)
  const pairs = new Set<Pair>()
  let hangingUp = false

  const onConnection = (client: Socket): void => {
    if (hangingUp) {
      client.destroy()
      return
    }
    const server = connect(Number(target.port || 5432), target.hostname)
    const pair: Pair = { client, server }
    pairs.add(pair)
    client.pipe(server)
    server.pipe(client)
    server.on('close', () => client.destroy())
    client.on('close', () => {
      server.destroy()
      pairs.delete(pair)
    })
    // A reset on either side is what these tests provoke; the other side reports it.
    server.on('error', () => {})
    client.on('error', () => {})
  }

  let listener: Server | undefined
  let port = 0
  const listen = async (): Promise<void> => {
    if (listener) return
    const next = createServer(onConnection)
    next.listen(port, '127.0.0.1')
    await Promise.race([
      once(next, 'listening'),
      once(next, 'error').then(([error]: unknown[]) => {
        throw new Error(`the proxy could not listen on 127.0.0.1:${port} again`, { cause: error })
      }),
    ])
    port = (next.address() as AddressInfo).port
    listener = next
  }
  const cut = (): void => {
    for (const pair of pairs) {
      pair.client.destroy()
      pair.server.destroy()
    }
  }
  const stop = async (): Promise<void> => {
    const current = listener
    listener = undefined
    cut()
    if (current) await new Promise((closed) => current.close(closed))
  }

  await listen()
  const proxied = new URL(url)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(port)
  return {
    url: proxied.toString(),
    open: () => pairs.size,
    cut,
    hangUp: (value) => {
      hangingUp = value
    },
    stop,
    listen,
    close: stop,
  }
}
