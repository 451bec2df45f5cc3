import type { Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { exitCode, startServerProcess } from '../testing/server-process.test-helper'
import { answerClientErrors } from './client-errors'

interface RawAnswer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

/** Sends raw bytes over a new connection and reads until the server closes it. */
function rawExchange(url: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.end(request))
    let data = ''
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')))
    socket.on('error', reject)
    socket.on('close', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(
        lines.map((line) => {
          const at = line.indexOf(':')
          return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()]
        }),
      )
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') })
    })
  })
}

const longQuery = (url: string) =>
  `GET /api/admin/users?q=${'x'.repeat(100_000)} HTTP/1.1\r\nHost: ${new URL(url).host}\r\n\r\n`

function expectProblem(answer: RawAnswer, status: number, code: string): void {
  expect(answer.status).toBe(status)
  expect(answer.headers['content-type']).toBe('application/problem+json')
  expect(answer.headers['x-content-type-options']).toBe('nosniff')
  expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body))
  expect(JSON.parse(answer.body)).toMatchObject({ type: 'about:blank', status, code })
}

describe('requests Node refuses before the app: problem+json, not a bare status line', () => {
  const folders: string[] = []
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
  })

  it('answers a 100k-character query string with 431 HEADERS_TOO_LARGE, and broken HTTP with 400', async () => {
    const app = new Hono().get('/', (c) => c.text('ok'))
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }) as Server
    answerClientErrors(server)
    await new Promise<void>((resolve) => server.once('listening', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      expectProblem(await rawExchange(url, longQuery(url)), 431, 'HEADERS_TOO_LARGE')
      expectProblem(await rawExchange(url, 'NONSENSE\r\n\r\n'), 400, 'BAD_REQUEST')
      // The server still serves ordinary requests.
      expect(await (await fetch(url)).text()).toBe('ok')
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('does so in the server process as started by pnpm start', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'rustok-client-errors-')), 'pglite')
    folders.push(dataDir)
    const started = await startServerProcess({ DATA_DIR: dataDir })
    try {
      const answer = await rawExchange(started.url, longQuery(started.url))
      expectProblem(answer, 431, 'HEADERS_TOO_LARGE')
      expect(JSON.parse(answer.body)).toMatchObject({ title: 'Request Header Fields Too Large' })
    } finally {
      const exited = exitCode(started.child)
      started.child.kill('SIGTERM')
      await exited
    }
  }, 120_000)
})
