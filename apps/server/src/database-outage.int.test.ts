import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  exitCode,
  startServerProcess,
  type ServerProcess,
} from './testing/server-process.test-helper'
import { startTcpProxy, type TcpProxy } from './testing/tcp-proxy.test-helper'

const baseUrl = process.env.TEST_DATABASE_URL
if (!baseUrl) {
  console.info(
    '[database outage] skipped: the server process is run against PostgreSQL behind a TCP proxy (set TEST_DATABASE_URL)',
  )
}

const PASSWORD = 'outage-test-password-1'
/** The longest an outage may last past its end before a request succeeds again. */
const RECOVERY_BOUND_MS = 5_000

const withDatabase = (url: string, name: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

async function onServer(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `read` every 20 ms until it returns a value: at most 20 s and 1,000 times. */
async function until<T>(
  what: string,
  read: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + 20_000
  for (let attempt = 0; attempt < 1_000; attempt++) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > deadline) break
    await sleep(20)
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** One request of the load, and the answer it got. */
interface Call {
  readonly label: 'live' | 'ready' | 'tenant' | 'me' | 'write'
  readonly method: string
  readonly path: string
  readonly body?: unknown
}

interface Answer {
  readonly label: Call['label']
  /** 0 when no HTTP answer came (the connection failed). */
  readonly status: number
  readonly code?: string
  readonly retryAfter: string | null
  readonly text: string
  /** When the request was sent, from `performance.now()`. */
  readonly sentAt: number
}

/**
 * What the issue asks of every answer, outage or not: a success; 503 DATABASE_UNAVAILABLE with a
 * small `Retry-After` and nothing of the driver; or, from `/health/ready`, 503 with generic errors.
 */
function problemWith(answer: Answer, proxyPort: string): string | undefined {
  if (answer.status >= 200 && answer.status < 300) return undefined
  for (const leak of ['127.0.0.1', `:${proxyPort}`, 'ECONN', 'Connection terminated', '57P01']) {
    if (answer.text.includes(leak)) return `leaks ${leak}`
  }
  if (answer.status !== 503) return `status ${answer.status}`
  if (answer.label === 'ready') {
    const body = JSON.parse(answer.text) as { checks: { name: string; error?: string }[] }
    const database = body.checks.find((check) => check.name === 'database')
    return database?.error === 'unavailable' || database?.error === 'timed out'
      ? undefined
      : `readiness database check ${JSON.stringify(database)}`
  }
  if (answer.code !== 'DATABASE_UNAVAILABLE') return `code ${answer.code}`
  if (!/^[12]$/.test(answer.retryAfter ?? '')) return `Retry-After ${answer.retryAfter}`
  return undefined
}

describe.skipIf(!baseUrl)('a server process through database outages (PostgreSQL)', () => {
  const name = `rustok_outage_${randomUUID().replaceAll('-', '')}`
  const databaseUrl = withDatabase(baseUrl ?? 'postgres://localhost/x', name)
  let proxy: TcpProxy
  let server: ServerProcess
  let admin: pg.Client
  /** Holds the row lock; separate, because a transaction sees one snapshot of pg_stat_activity. */
  let locker: pg.Client
  let token = ''
  let userId = ''
  let exited = false
  const answers: Answer[] = []
  let loadRunning = false
  let load: Promise<void> = Promise.resolve()

  async function send(call: Call): Promise<Answer> {
    const sentAt = performance.now()
    const headers: Record<string, string> = { 'x-tenant-id': 'demo' }
    if (call.label !== 'live' && call.label !== 'ready') headers.authorization = `Bearer ${token}`
    if (call.body !== undefined) headers['content-type'] = 'application/json'
    try {
      const res = await fetch(`${server.url}${call.path}`, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(15_000),
      })
      const text = await res.text()
      const isProblem = res.headers.get('content-type') === 'application/problem+json'
      const code = isProblem ? (JSON.parse(text) as { code: string }).code : undefined
      const retryAfter = res.headers.get('retry-after')
      return { label: call.label, status: res.status, code, retryAfter, text, sentAt }
    } catch (error) {
      return { label: call.label, status: 0, retryAfter: null, text: String(error), sentAt }
    }
  }

  const calls = (): Call[] => [
    { label: 'live', method: 'GET', path: '/health/live' },
    { label: 'tenant', method: 'GET', path: '/api/tenant' },
    { label: 'me', method: 'GET', path: '/api/auth/me' },
    {
      label: 'write',
      method: 'PATCH',
      path: `/api/admin/users/${userId}`,
      body: { name: `Admin ${randomUUID().slice(0, 8)}` },
    },
    { label: 'ready', method: 'GET', path: '/health/ready' },
  ]

  /** Four clients sending the calls in turn, paced, until stopped (bounded in count and time). */
  function startLoad(): void {
    if (loadRunning) return
    loadRunning = true
    const deadline = Date.now() + 100_000
    load = Promise.all(
      Array.from({ length: 4 }, async (_, client) => {
        for (let i = client; loadRunning && i < 20_000 && Date.now() < deadline; i++) {
          const list = calls()
          const call = list[i % list.length]
          if (call) answers.push(await send(call))
          await sleep(5)
        }
      }),
    ).then(() => undefined)
  }

  const answeredSince = (since: number, label: Call['label'], status: number) =>
    answers.some((a) => a.sentAt >= since && a.label === label && a.status === status)
      ? true
      : undefined

  /** Sends `call` until it succeeds, and says how long that took from `since`. */
  async function firstSuccess(call: Call, since: number): Promise<number> {
    return until(`${call.label} to succeed`, async () => {
      const answer = await send(call)
      return answer.status >= 200 && answer.status < 300 ? performance.now() - since : undefined
    })
  }

  beforeAll(async () => {
    await onServer(baseUrl ?? '', `create database ${name}`)
    proxy = await startTcpProxy(databaseUrl)
    server = await startServerProcess({
      DATABASE_URL: proxy.url,
      DEMO_SEED: 'true',
      JWT_SECRET: 'database-outage-test-secret-database-outage',
      DEMO_ADMIN_PASSWORD: PASSWORD,
      RATE_LIMIT_ENABLED: 'false',
    })
    void exitCode(server.child).then(() => (exited = true))
    admin = new pg.Client({ connectionString: databaseUrl })
    locker = new pg.Client({ connectionString: databaseUrl })
    await Promise.all([admin.connect(), locker.connect()])
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant-id': 'demo' },
      body: JSON.stringify({ email: 'admin@demo.rustok.dev', password: PASSWORD }),
    })
    expect(login.status).toBe(200)
    token = ((await login.json()) as { accessToken: string }).accessToken
    const me = await fetch(`${server.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${token}`, 'x-tenant-id': 'demo' },
    })
    userId = ((await me.json()) as { id: string }).id
    for (const call of calls()) expect((await send(call)).status, call.label).toBe(200)
    startLoad()
  }, 60_000)

  // A test that paused the load and failed before resuming it must not leave the next without.
  afterEach(() => startLoad())

  afterAll(async () => {
    loadRunning = false
    await load
    if (server && !exited) {
      const stopped = exitCode(server.child)
      server.child.kill('SIGTERM')
      await Promise.race([stopped, sleep(15_000)])
      if (!exited) server.child.kill('SIGKILL')
    }
    await Promise.all([admin?.end(), locker?.end()])
    await proxy?.close()
    await onServer(baseUrl ?? '', `drop database if exists ${name} with (force)`)
  }, 60_000)

  it('answers 503 DATABASE_UNAVAILABLE when the backends of a blocked write and of the pool are terminated', async () => {
    // A write's transaction waits on a row lock held here: its query is in flight, its
    // transaction open, when its backend is terminated. The background load writes the same row,
    // so it pauses: otherwise the lock waiter seen below could be one of its writes, and this
    // request, not yet at the lock, would find it released and answer 200.
    loadRunning = false
    await load
    await locker.query('begin')
    const held = await locker.query<{ pid: number }>(
      'select pg_backend_pid() as pid from users where id = $1 for update',
      [userId],
    )
    const write = calls().find((call) => call.label === 'write')
    if (!write) throw new Error('no write call')
    const blocked = send(write)
    await until('a server backend waiting on the lock', async () => {
      const { rows } = await admin.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
          where datname = $1 and wait_event_type = 'Lock' and xact_start is not null`,
        [name],
      )
      return (rows[0]?.n ?? 0) > 0 ? true : undefined
    })
    const since = performance.now()
    // Every backend of this test's database but these two: the blocked writes, the pool's idle
    // connections, the relay's LISTEN connection.
    const { rows } = await admin.query<{ state: string | null }>(
      `select state, pg_terminate_backend(pid) from pg_stat_activity
        where datname = $1 and pid not in (pg_backend_pid(), $2)`,
      [name, held.rows[0]?.pid],
    )
    await locker.query('rollback')
    expect(rows.map((row) => row.state)).toContain('active')

    const answer = await blocked
    expect(answer).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfter: '1' })
    expect(JSON.parse(answer.text)).toMatchObject({
      title: 'Database Unavailable',
      retryable: true,
    })
    // The pool lends no dead connection again: writes succeed once more.
    startLoad()
    await until('a write to succeed after the terminations', () =>
      answeredSince(since, 'write', 200),
    )
    expect(exited).toBe(false)
  }, 60_000)

  it.each([
    [
      'hangs up on every connection',
      (p: TcpProxy) => p.hangUp(true),
      (p: TcpProxy) => p.hangUp(false),
    ],
    ['refuses connections (ECONNREFUSED)', (p: TcpProxy) => p.stop(), (p: TcpProxy) => p.listen()],
  ] as const)(
    'answers 503 while the database %s, and succeeds soon after it is back',
    async (_, fail, restore) => {
      const since = performance.now()
      await fail(proxy)
      proxy.cut()
      // Reads and writes that need the database answer 503 (the signed-in cached read too, once
      // its session check is due); liveness still answers 200. The outage lasts for 40 answers.
      for (const label of ['me', 'write', 'tenant'] as const) {
        await until(`${label} to answer 503`, () => answeredSince(since, label, 503))
      }
      await until('liveness during the outage', () => answeredSince(since, 'live', 200))
      await until('40 answers during the outage', () =>
        answers.filter((a) => a.sentAt >= since).length >= 40 ? true : undefined,
      )
      const ready = await until('readiness to answer 503', async () => {
        const answer = await send({ label: 'ready', method: 'GET', path: '/health/ready' })
        return answer.status === 503 ? answer : undefined
      })
      expect(JSON.parse(ready.text)).toMatchObject({ status: 'down' })
      const port = new URL(proxy.url).port
      expect(problemWith(ready, port)).toBeUndefined()

      await restore(proxy)
      const back = performance.now()
      const me = calls().find((call) => call.label === 'me')
      if (!me) throw new Error('no me call')
      const recoveryMs = await firstSuccess(me, back)
      console.info(
        `[database outage] ${_}: first success ${recoveryMs.toFixed(0)} ms after restore`,
      )
      expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS)
      await until('a write to succeed after the outage', () => answeredSince(back, 'write', 200))
      expect(exited).toBe(false)
    },
    60_000,
  )

  it('answered every request with a success or 503 DATABASE_UNAVAILABLE, never 500, and never crashed', async () => {
    loadRunning = false
    await load
    const port = new URL(proxy.url).port
    const wrong = answers
      .map((answer) => ({ answer, problem: problemWith(answer, port) }))
      .filter(({ problem }) => problem !== undefined)
    expect(
      wrong.slice(0, 5).map(({ answer, problem }) => `${answer.label}: ${problem} ${answer.text}`),
    ).toEqual([])
    const byStatus = new Map<string, number>()
    for (const { label, status, code } of answers) {
      const key = `${label} ${status}${code ? ` ${code}` : ''}`
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1)
    }
    console.info('[database outage] answers:', Object.fromEntries([...byStatus].sort()))
    expect(answers.filter((a) => a.status === 503 && a.label !== 'ready').length).toBeGreaterThan(0)
    // Alive and still serving; the log has the driver's message that the answers did not.
    expect(exited).toBe(false)
    expect((await send({ label: 'live', method: 'GET', path: '/health/live' })).status).toBe(200)
    expect(server.output()).not.toMatch(/uncaught|unhandled/i)
    expect(server.output()).toMatch(/"level":"warn".*"code":"DATABASE_UNAVAILABLE"/)
  }, 60_000)
})
