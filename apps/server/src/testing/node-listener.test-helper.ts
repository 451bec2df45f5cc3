import { request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Hono } from 'hono'

/** A response read off the socket. */
export interface SocketAnswer {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  /** Every header line as sent, lower-cased names, in order. */
  readonly lines: readonly (readonly [string, string])[]
  readonly body: string
}

/** What one request sends. */
export interface SocketRequest {
  readonly headers?: Readonly<Record<string, string | string[]>>
  /**
   * The body, written piece by piece with a pause between them (so the server reads several
   * chunks). Without a `content-length` header node sends it chunked.
   */
  readonly body?: readonly (string | Buffer)[]
}

/** An app served by `@hono/node-server` on a loopback port, as production serves it. */
export interface NodeListener {
  send(method: string, path: string, init?: SocketRequest): Promise<SocketAnswer>
  close(): Promise<void>
}

/** Serves `fetch` on 127.0.0.1 with `@hono/node-server`. */
export async function listenOnNode(fetch: Hono['fetch']): Promise<NodeListener> {
  const http = serve({ fetch, hostname: '127.0.0.1', port: 0 }) as Server
  await new Promise<void>((resolve) => http.once('listening', resolve))
  const { port } = http.address() as AddressInfo
  const send: NodeListener['send'] = (method, path, init = {}) =>
    new Promise<SocketAnswer>((resolve, reject) => {
      const { headers = {}, body = [] } = init
      const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => {
          const raw = res.rawHeaders
          const lines: (readonly [string, string])[] = []
          for (let i = 0; i < raw.length; i += 2)
            lines.push([String(raw[i]).toLowerCase(), String(raw[i + 1])])
          resolve({ status: res.statusCode ?? 0, headers: res.headers, lines, body: text })
        })
      })
      req.on('error', reject)
      const write = async () => {
        for (const [index, piece] of body.entries()) {
          if (index > 0) await new Promise((pause) => setTimeout(pause, 20))
          req.write(piece)
        }
        req.end()
      }
      void write()
    })
  const close = () =>
    new Promise<void>((resolve) => {
      http.closeAllConnections()
      http.close(() => resolve())
    })
  return { send, close }
}

/** The values of every `name` header line of an answer, in order. */
export function headerLines(answer: SocketAnswer, name: string): string[] {
  return answer.lines.filter(([line]) => line === name).map(([, value]) => value)
}
