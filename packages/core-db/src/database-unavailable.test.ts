import { once } from 'node:events'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { isDatabaseUnavailable } from './database-unavailable'

// Every error below comes from a real failure of `pg` or `pg-pool` against a local socket, except
// the SQLSTATE cases, which use pg's own DatabaseError class (PostgreSQL-backed cases, a
// terminated backend among them, are in database-unavailable.int.test.ts).

const servers: Server[] = []
const sockets = new Set<Socket>()
afterEach(async () => {
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))))
})

async function serve(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.add(socket)
    onSocket(socket)
  }).listen(0, '127.0.0.1')
  servers.push(server)
  await once(server, 'listening')
  return (server.address() as AddressInfo).port
}

async function connectError(url: string, options: pg.ClientConfig = {}): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, ...options })
  const error = await client.connect().then(
    () => undefined,
    (reason: unknown) => reason,
  )
  await client.end().catch(() => {})
  return error
}

function databaseError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error')
  error.code = code
  return error
}

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection (a closed port)', async () => {
    const port = await serve(() => {})
    await new Promise((done) => servers.pop()?.close(done))
    const error = await connectError(`postgres://u@127.0.0.1:${port}/db`)
    expect(error).toMatchObject({ code: 'ECONNREFUSED' })
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it('recognises a host that does not resolve', async () => {
    const error = await connectError('postgres://u@rustok-no-such-host.invalid:5432/db')
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain((error as { code?: unknown }).code)
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it('recognises a server that drops the connection', async () => {
    const port = await serve((socket) => socket.once('data', () => socket.destroy()))
    const error = await connectError(`postgres://u@127.0.0.1:${port}/db`)
    expect(error).toMatchObject({ message: 'Connection terminated unexpectedly' })
    expect(isDatabaseUnavailable(error)).toBe(true)
  })

  it("recognises pg-pool's and pg's connection timeouts", async () => {
    const port = await serve(() => {}) // accepts, never answers
    const pool = new pg.Pool({
      connectionString: `postgres://u@127.0.0.1:${port}/db`,
      connectionTimeoutMillis: 50,
    })
    const poolError = await pool.query('select 1').then(
      () => undefined,
      (reason: unknown) => reason,
    )
    await pool.end()
    expect(poolError).toMatchObject({
      message: 'Connection terminated due to connection timeout',
    })
    expect(isDatabaseUnavailable(poolError)).toBe(true)

    const clientError = await connectError(`postgres://u@127.0.0.1:${port}/db`, {
      connectionTimeoutMillis: 50,
    })
    expect(clientError).toMatchObject({ message: 'timeout expired' })
    expect(isDatabaseUnavailable(clientError)).toBe(true)
  })

  it('recognises SQLSTATE class 08 and the shutdown states 57P01, 57P02, 57P03', () => {
    for (const code of ['08000', '08003', '08006', '08001', '08004', '08P01']) {
      expect(isDatabaseUnavailable(databaseError(code, 'connection exception'))).toBe(true)
    }
    expect(
      isDatabaseUnavailable(
        databaseError('57P01', 'terminating connection due to administrator command'),
      ),
    ).toBe(true)
    expect(isDatabaseUnavailable(databaseError('57P02', 'terminating connection'))).toBe(true)
    expect(
      isDatabaseUnavailable(databaseError('57P03', 'the database system is starting up')),
    ).toBe(true)
  })

  it('does not mistake query failures or other values for an unreachable database', () => {
    expect(isDatabaseUnavailable(databaseError('23505', 'duplicate key value'))).toBe(false)
    expect(isDatabaseUnavailable(databaseError('57014', 'canceling statement'))).toBe(false)
    expect(isDatabaseUnavailable(databaseError('42P01', 'relation does not exist'))).toBe(false)
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly!'))).toBe(false)
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false)
    for (const value of [undefined, null, 'ECONNREFUSED', 57, {}]) {
      expect(isDatabaseUnavailable(value)).toBe(false)
    }
  })

  it('follows cause chains and aggregated errors, and survives a cycle', async () => {
    const port = await serve(() => {})
    await new Promise((done) => servers.pop()?.close(done))
    const refused = await connectError(`postgres://u@127.0.0.1:${port}/db`)
    expect(
      isDatabaseUnavailable(new Error('outer', { cause: new Error('mid', { cause: refused }) })),
    ).toBe(true)
    // Node reports a refused dual-stack `localhost` as an AggregateError of each attempt.
    expect(isDatabaseUnavailable(new AggregateError([new Error('x'), refused], 'connect'))).toBe(
      true,
    )
    const loop = new Error('a')
    loop.cause = new Error('b', { cause: loop })
    expect(isDatabaseUnavailable(loop)).toBe(false)
  })
})
