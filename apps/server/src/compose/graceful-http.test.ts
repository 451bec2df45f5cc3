import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { openRawHttp } from '../testing/raw-http-connection.test-helper'
import { gracefulHttp } from './graceful-http'

describe('gracefulHttp', () => {
  let server: Server | undefined
  afterEach(() => {
    server?.closeAllConnections()
  })

  const start = async (delayMs: number): Promise<{ url: string; server: Server }> => {
    const created = createServer((_request, response) => {
      setTimeout(() => response.end('ok'), delayMs)
    })
    server = created
    await new Promise<void>((resolve) => created.listen(0, '127.0.0.1', resolve))
    const { port } = created.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}`, server: created }
  }

  it('answers a request that reached an idle keep-alive connection just before close', async () => {
    const { url, server: http } = await start(0)
    const graceful = gracefulHttp(http, { quietMs: 50 })
    const connection = await openRawHttp(url)
    expect(await connection.request({ method: 'GET', path: '/' })).toBe(200)
    // The request's bytes are written, and close starts in the same tick: the server has not
    // read them yet, so the connection still looks idle. Node's own close() would drop it.
    const pending = connection.request({ method: 'GET', path: '/second' })
    const closed = graceful.close(5000)
    expect(await pending).toBe(200)
    await closed
    connection.close()
  })

  it('waits for requests in flight, then refuses new connections', async () => {
    const { url, server: http } = await start(300)
    const graceful = gracefulHttp(http, { quietMs: 20 })
    const connection = await openRawHttp(url)
    const slow = connection.request({ method: 'GET', path: '/slow' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(graceful.inFlight()).toBe(1)
    const closed = graceful.close(5000)
    await expect(openRawHttp(url)).rejects.toThrow()
    expect(await slow).toBe(200)
    await closed
    expect(graceful.inFlight()).toBe(0)
  })

  it('cuts connections after the timeout', async () => {
    const { url, server: http } = await start(10_000)
    const graceful = gracefulHttp(http, { quietMs: 20 })
    const connection = await openRawHttp(url)
    const stuck = connection.request({ method: 'GET', path: '/stuck' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = Date.now()
    await graceful.close(200)
    expect(Date.now() - started).toBeLessThan(2000)
    await expect(stuck).rejects.toThrow(/closed before the response/)
  })
})
