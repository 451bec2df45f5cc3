import { connect, type Socket } from 'node:net'

/**
 * One HTTP/1.1 keep-alive connection driven by hand, so a test knows the server has accepted it
 * (it answered on it) before sending the request that matters.
 */
export interface RawHttpConnection {
  /** Sends a request and resolves with the response's status code. */
  request(init: {
    readonly method: string
    readonly path: string
    readonly headers?: Readonly<Record<string, string>>
    readonly body?: string
  }): Promise<number>
  close(): void
}

export async function openRawHttp(url: string): Promise<RawHttpConnection> {
  const { hostname, port } = new URL(url)
  const socket: Socket = await new Promise((resolve, reject) => {
    const opened = connect({ host: hostname, port: Number(port) }, () => resolve(opened))
    opened.once('error', reject)
  })
  let buffer = Buffer.alloc(0)
  let waiting: { resolve: (status: number) => void; reject: (error: Error) => void } | undefined
  const settle = (): void => {
    const headerEnd = buffer.indexOf('\r\n\r\n')
    if (!waiting || headerEnd < 0) return
    const head = buffer.subarray(0, headerEnd).toString('latin1')
    const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0)
    if (buffer.length < headerEnd + 4 + length) return
    buffer = buffer.subarray(headerEnd + 4 + length)
    const status = Number(head.split(' ')[1])
    const done = waiting
    waiting = undefined
    done.resolve(status)
  }
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk])
    settle()
  })
  const fail = (error: Error): void => {
    waiting?.reject(error)
    waiting = undefined
  }
  socket.on('error', fail)
  socket.on('close', () => fail(new Error('connection closed before the response')))
  return {
    request({ method, path, headers = {}, body = '' }) {
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject }
        const lines = [
          `${method} ${path} HTTP/1.1`,
          `host: ${hostname}:${port}`,
          `content-length: ${Buffer.byteLength(body)}`,
          ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
        ]
        socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`)
      })
    },
    close: () => socket.destroy(),
  }
}
