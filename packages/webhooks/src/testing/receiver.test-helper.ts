import { once } from 'node:events'
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A request the receiver got. */
interface Received {
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** What the receiver answers a request with. */
interface Answer {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  /** Do not answer (the request hangs until the client gives up, or `releaseHung`). */
  readonly hang?: boolean
}

/** A webhook receiver on loopback whose answers a test scripts. */
export interface Receiver {
  readonly url: string
  readonly port: number
  readonly received: Received[]
  /** Decides each answer (default 200). */
  answer: (request: Received, index: number) => Answer
  /** Answers every request left hanging so far with `status`. */
  releaseHung(status?: number): void
  close(): Promise<void>
}

/** Starts a receiver on 127.0.0.1 (or `::1`). */
export async function startReceiver(host = '127.0.0.1'): Promise<Receiver> {
  const sockets = new Set<Socket>()
  const hung = new Set<ServerResponse>()
  const receiver: Receiver = {
    url: '',
    port: 0,
    received: [],
    answer: () => ({ status: 200 }),
    releaseHung: (status = 200) => {
      for (const res of hung) if (!res.destroyed) res.writeHead(status).end()
      hung.clear()
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      server.close()
      await once(server, 'close')
    },
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request = {
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      const index = receiver.received.push(request) - 1
      const answer = receiver.answer(request, index)
      if (answer.hang) {
        hung.add(res)
        return
      }
      res.writeHead(answer.status, answer.headers)
      res.end(answer.body ?? '')
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.listen(0, host)
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  const shown = host.includes(':') ? `[${host}]` : host
  return Object.assign(receiver, { url: `http://${shown}:${port}/hook`, port })
}
