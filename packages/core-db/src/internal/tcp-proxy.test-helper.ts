import { once } from 'node:events'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

/** A TCP proxy in front of PostgreSQL that can fail connections the ways networks do. */
export interface TcpProxy {
  /** The url given to {@link startTcpProxy}, through the proxy. */
  readonly url: string
  /**
   * Stops passing bytes, both ways, on every connection open now, without closing any: each becomes
   * half-open, as after a dropped route or a paused VM. Later connections pass normally.
   */
  blackhole(): void
  /**
   * From now on, when the server closes a connection, keep the client's side open (and swallow what
   * the client sends): the client sees everything the server sent, but not the close.
   */
  holdCloses(): void
  /** Closes every connection open now, as a server restart or a reset would. */
  cut(): void
  /** While `true`, closes each new connection as soon as it is accepted (the server is down). */
  refuse(refusing: boolean): void
  /** Closes every connection and stops listening. */
  close(): Promise<void>
}

interface Pair {
  readonly client: Socket
  readonly server: Socket
  passing: boolean
}

/** Starts a {@link TcpProxy}, on a free local port, to the server of a PostgreSQL `url`. */
export async function startTcpProxy(url: string): Promise<TcpProxy> {
  const target = new URL(url)
  const pairs = new Set<Pair>()
  let holding = false
  let refusing = false
  const listener = createServer((client) => {
    if (refusing) {
      client.destroy()
      return
    }
    const server = connect(Number(target.port || 5432), target.hostname)
    const pair: Pair = { client, server, passing: true }
    pairs.add(pair)
    client.on('data', (chunk) => {
      if (pair.passing && server.writable) server.write(chunk)
    })
    server.on('data', (chunk) => {
      if (pair.passing && client.writable) client.write(chunk)
    })
    server.on('close', () => {
      if (!holding) client.destroy()
    })
    client.on('close', () => {
      server.destroy()
      pairs.delete(pair)
    })
    // A reset on either side is what these tests provoke; the other side reports it.
    server.on('error', () => {})
    client.on('error', () => {})
  })
  listener.listen(0, '127.0.0.1')
  await once(listener, 'listening')
  const proxied = new URL(url)
  proxied.hostname = '127.0.0.1'
  proxied.port = String((listener.address() as AddressInfo).port)
  return {
    url: proxied.toString(),
    blackhole: () => {
      for (const pair of pairs) pair.passing = false
    },
    holdCloses: () => {
      holding = true
    },
    cut: () => {
      for (const pair of pairs) pair.client.destroy()
    },
    refuse: (value) => {
      refusing = value
    },
    close: async () => {
      for (const pair of pairs) {
        pair.client.destroy()
        pair.server.destroy()
      }
      await new Promise((done) => listener.close(done))
    },
  }
}
