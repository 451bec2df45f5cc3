// A PostgreSQL restart under load, seen from the server's clients: the server process runs on a
// scratch database of the local cluster, eight clients send a steady mix (liveness, a signed-in
// cached read, a signed-in read, a write), and PostgreSQL itself is restarted with pg_ctlcluster.
// Prints the process crashes (should be 0), the answers given during the outage by status and
// code, and the time from PostgreSQL answering queries again to the first 200 of a route
// that reads or writes the database.
//
// Restarts the whole cluster: run it on a machine of your own, never next to tests that use it.
// Not run by CI.
// Run: node --conditions=@rustok/source --import tsx bench/db-outage.ts
// Settings: BENCH_DATABASE_URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres),
// PG_CLUSTER (default "15 main", as `pg_ctlcluster` names it).
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { promisify } from 'node:util'
import { createDb } from '@rustok/core-db'
import { sql } from 'kysely'
import {
  exitCode,
  startServerProcess,
  type ServerProcess,
} from '../apps/server/src/testing/server-process.test-helper'

const run = promisify(execFile)
const url =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres'
const [version = '15', cluster = 'main'] = (process.env.PG_CLUSTER ?? '15 main').split(' ')
const PASSWORD = 'db-outage-bench-password'
const CLIENTS = 8
const STEADY_MS = 3_000
const LIMIT_MS = 120_000

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Label = 'live' | 'tenant' | 'me' | 'write'

interface Answer {
  readonly label: Label
  readonly status: number
  readonly code: string
  readonly retryAfter: string | null
  readonly sentAt: number
  readonly doneAt: number
}

const name = `rustok_bench_outage_${randomUUID().replaceAll('-', '').slice(0, 16)}`
const databaseUrl = new URL(url)
databaseUrl.pathname = `/${name}`
const admin = await createDb<unknown>({ driver: 'postgres', url, pool: { max: 1 } })
let server: ServerProcess | undefined
let crashes = 0
try {
  await sql.raw(`create database ${name}`).execute(admin)
  server = await startServerProcess({
    DATABASE_URL: databaseUrl.toString(),
    DEMO_SEED: 'true',
    JWT_SECRET: 'db-outage-bench-secret-db-outage-bench-secret',
    DEMO_ADMIN_PASSWORD: PASSWORD,
    RATE_LIMIT_ENABLED: 'false',
  })
  const target = server
  target.child.once('exit', (code, signal) => {
    crashes += 1
    log(`server exited: code ${code}, signal ${signal}`)
  })

  const login = await fetch(`${target.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tenant-id': 'demo' },
    body: JSON.stringify({ email: 'admin@demo.rustok.dev', password: PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`)
  const { accessToken } = (await login.json()) as { accessToken: string }
  const auth = { authorization: `Bearer ${accessToken}`, 'x-tenant-id': 'demo' }
  const me = (await (await fetch(`${target.url}/api/auth/me`, { headers: auth })).json()) as {
    id: string
  }

  const request = (label: Label): [string, RequestInit] => {
    switch (label) {
      case 'live':
        return ['/health/live', {}]
      case 'tenant':
        return ['/api/tenant', { headers: auth }]
      case 'me':
        return ['/api/auth/me', { headers: auth }]
      case 'write':
        return [
          `/api/admin/users/${me.id}`,
          {
            method: 'PATCH',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ name: `Admin ${randomUUID().slice(0, 8)}` }),
          },
        ]
    }
  }

  const answers: Answer[] = []
  let running = true
  const labels: Label[] = ['live', 'tenant', 'me', 'write']
  const deadline = performance.now() + LIMIT_MS
  const load = Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = client; running && performance.now() < deadline; i++) {
        const label = labels[i % labels.length] ?? 'live'
        const [path, init] = request(label)
        const sentAt = performance.now()
        let status = 0
        let code = ''
        let retryAfter: string | null = null
        try {
          const res = await fetch(`${target.url}${path}`, {
            ...init,
            signal: AbortSignal.timeout(15_000),
          })
          status = res.status
          retryAfter = res.headers.get('retry-after')
          const text = await res.text()
          if (res.headers.get('content-type') === 'application/problem+json') {
            code = (JSON.parse(text) as { code: string }).code
          }
        } catch (error) {
          code = error instanceof Error ? error.name : 'failed'
        }
        answers.push({ label, status, code, retryAfter, sentAt, doneAt: performance.now() })
        await sleep(5)
      }
    }),
  )

  await sleep(STEADY_MS)
  const steady = answers.length
  log(
    `steady load: ${CLIENTS} clients, ${steady} answers in ${STEADY_MS} ms ` +
      `(${answers.filter((a) => a.status === 200).length} of them 200)`,
  )

  // The restart: pg_ctlcluster stops the cluster (fast mode: sessions are terminated) and starts
  // it again. The bench's own connection, polled every 10 ms from the start, says when PostgreSQL
  // was down (its first failed query) and back (its first query to succeed after that).
  const restartAt = performance.now()
  let downAt = Number.NaN
  let backAt = Number.NaN
  const poller = (async () => {
    for (let attempt = 0; attempt < 20_000 && performance.now() < deadline; attempt++) {
      try {
        await sql`select 1`.execute(admin)
        if (!Number.isNaN(downAt)) {
          backAt = performance.now()
          return
        }
      } catch {
        if (Number.isNaN(downAt)) downAt = performance.now()
      }
      await sleep(10)
    }
  })()
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, cluster, 'restart'])
  const commandDoneAt = performance.now()
  await poller
  const dbRoute = (a: Answer) => a.label === 'me' || a.label === 'write'
  let firstOk: Answer | undefined
  for (let attempt = 0; attempt < 3_000 && performance.now() < deadline; attempt++) {
    firstOk = answers.find((a) => dbRoute(a) && a.status === 200 && a.sentAt >= backAt)
    if (firstOk) break
    await sleep(10)
  }
  await sleep(STEADY_MS)
  running = false
  await load

  const countByStatus = (list: readonly Answer[]): string[] => {
    const counts = new Map<string, number>()
    for (const a of list) {
      const key = `${a.label} ${a.status}${a.code ? ` ${a.code}` : ''}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return [...counts].sort().map(([key, n]) => `  ${key}: ${n}`)
  }
  const outageEnd = firstOk?.doneAt ?? Number.POSITIVE_INFINITY
  const sinceRestart = answers.filter((a) => a.doneAt >= restartAt && a.doneAt <= outageEnd)
  // Sent once PostgreSQL was down and answered before it was back: nothing could reach it.
  const whileDown = answers.filter((a) => a.sentAt >= downAt && a.doneAt <= backAt)
  const unavailable = sinceRestart.filter((a) => a.code === 'DATABASE_UNAVAILABLE')
  const retryAfters = [...new Set(unavailable.map((a) => a.retryAfter))]
  const other = sinceRestart.filter((a) => a.status !== 200 && a.code !== 'DATABASE_UNAVAILABLE')
  const firstWrite = answers.find(
    (a) => a.label === 'write' && a.status === 200 && a.sentAt >= backAt,
  )
  const ms = (value: number) => `${value.toFixed(0)} ms`

  log(`pg_ctlcluster ${version} ${cluster} restart returned after ${ms(commandDoneAt - restartAt)}`)
  log(
    `PostgreSQL down ${ms(downAt - restartAt)} after the restart began, back after ` +
      `${ms(backAt - restartAt)} (down for ${ms(backAt - downAt)})`,
  )
  log(`process crashes: ${crashes}`)
  log(`answers to requests sent and answered while PostgreSQL was down: ${whileDown.length}`)
  for (const line of countByStatus(whileDown)) log(line)
  log(
    `answers from the restart to the first 200 of a database route after it: ${sinceRestart.length}`,
  )
  for (const line of countByStatus(sinceRestart)) log(line)
  log(`  Retry-After on DATABASE_UNAVAILABLE: ${retryAfters.join(', ') || '(none)'}`)
  log(`  anything else than 200 or 503 DATABASE_UNAVAILABLE: ${other.length}`)
  log(
    `first 200 of a database route (me, write) sent after PostgreSQL was back: ` +
      (firstOk ? `${firstOk.label}, ${ms(firstOk.doneAt - backAt)}` : 'none within the limit'),
  )
  log(
    `first 200 of a write sent after PostgreSQL was back: ` +
      (firstWrite ? ms(firstWrite.doneAt - backAt) : 'none'),
  )
  const after = answers.filter((a) => a.sentAt > outageEnd)
  log(`after recovery: ${after.filter((a) => a.status !== 200).length} of ${after.length} not 200`)
} finally {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.removeAllListeners('exit')
    const exited = exitCode(server.child)
    server.child.kill('SIGTERM')
    await Promise.race([exited, sleep(15_000)])
  }
  // PostgreSQL must be up when this ends, whatever happened above.
  try {
    await run('pg_isready', ['-h', databaseUrl.hostname, '-p', databaseUrl.port || '5432'])
  } catch {
    log('PostgreSQL is not ready: starting the cluster')
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, cluster, 'start'])
  }
  await sql.raw(`drop database if exists ${name} with (force)`).execute(admin)
  await admin.destroy()
}
