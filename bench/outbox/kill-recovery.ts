// Recovery of the outbox relay after a SIGKILL under a steady write load, on PostgreSQL
// (BENCH_DATABASE_URL or TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres):
// a relay process delivers a steady stream of commands; it is killed while it holds a claimed
// batch, started again at once, and the time until the backlog is drained is printed. Rounds
// alternate with a graceful stop (SIGTERM: the relay settles its batch and exits) as the baseline:
// same load, same restart, no orphaned rows.
// Run: node --conditions=@rustok/source --import tsx bench/outbox/kill-recovery.ts
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createOutbox, outboxMigrations } from '@rustok/outbox'
import { createTestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import {
  benchCatalog,
  benchModule,
  commandWithOutbox,
  seedItems,
  type BenchDb,
} from './bench-schema'

const url =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres'
const rate = Number(process.env.KILL_RECOVERY_RATE ?? 100)
const rounds = Number(process.env.KILL_RECOVERY_ROUNDS ?? 3)
const modes = ['SIGKILL', 'SIGTERM'] as const
const items = 1_000
const relayFile = fileURLToPath(new URL('./relay-process.ts', import.meta.url))
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

function log(line: string): void {
  process.stdout.write(`${line}\n`)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

interface RelayProcess {
  readonly child: ChildProcess
  readonly owner: string
  readonly ready: Promise<void>
  readonly exited: Promise<void>
}

function startRelay(databaseUrl: string): RelayProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@rustok/source', '--import', 'tsx', relayFile],
    {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = new Promise<void>((resolve, reject) => {
    void exited.then(() => reject(new Error('relay process exited before it was ready')))
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve()
    })
  })
  return { child, owner: `kill-recovery-${child.pid}`, ready, exited }
}

async function count(db: Kysely<BenchDb>, where: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await sql<{
    n: string
  }>`select count(*) as n from sys_events where ${where}`.execute(db)
  return Number(rows[0]?.n ?? 0)
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await sleep(2)
  }
}

interface Round {
  mode: (typeof modes)[number]
  claimedAtKill: number
  pendingAtRestart: number
  startMs: number
  orphansMs: number
  drainMs: number
}

const testDb = await createTestDb<BenchDb>({ modules: [outboxMigrations, benchModule], url })
const { db } = testDb
const children = new Set<ChildProcess>()
try {
  await seedItems(db, items)
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db)
  const databaseUrl = new URL(url)
  databaseUrl.pathname = `/${rows[0]?.name ?? ''}`

  // Relays in another process are woken by NOTIFY, as API-only instances wake worker processes.
  const outbox = createOutbox({ catalog: benchCatalog, notify: true })
  const command = commandWithOutbox(db, outbox)
  let writing = true
  let written = 0
  let next = 0
  const writersStarted = performance.now()
  // Paced by target timestamps over a few writers, so that one slow commit does not lower the rate.
  const writer = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (writing) {
        const n = next++
        const wait = writersStarted + (n * 1000) / rate - performance.now()
        if (wait > 0) await sleep(wait)
        await command(Math.floor(Math.random() * items), n)
        written += 1
      }
    }),
  )

  log(
    `kill-recovery on PostgreSQL: ${rate} commands/s steady (1 event each over ${items} aggregates), ` +
      `relay process with a 30 s lease and a 1 s poll interval, restarted at once after each ` +
      `SIGKILL (${rounds}×) and, as the baseline, after each graceful SIGTERM (${rounds}×)`,
  )
  const results: Round[] = []
  let relay = startRelay(databaseUrl.toString())
  children.add(relay.child)
  await relay.ready
  for (let round = 0; round < rounds * modes.length; round++) {
    const mode = modes[round % modes.length] ?? 'SIGKILL'
    await sleep(2_000)
    // Each round starts from the steady state: the relay keeps up (under 200 ms of lag).
    await waitUntil(
      async () => (await count(db, sql`status = 'pending'`)) <= Math.max(10, rate / 5),
      120_000,
    )
    // Aim at a batch in flight: wait until the relay holds claimed rows.
    const owner = relay.owner
    await waitUntil(
      async () => (await count(db, sql`status = 'pending' and lease_owner = ${owner}`)) > 0,
      10_000,
    )
    relay.child.kill(mode)
    await relay.exited
    children.delete(relay.child)
    const claimedAtKill = await count(db, sql`status = 'pending' and lease_owner = ${owner}`)

    // Restarted at once, as a supervisor would.
    const restartedAt = performance.now()
    relay = startRelay(databaseUrl.toString())
    children.add(relay.child)
    await relay.ready
    const readyAt = performance.now()
    // The backlog: everything committed while no relay ran (and the dead relay's claimed rows).
    const { rows: horizon } = await sql<{ seq: string | null }>`
      select max(seq)::text as seq from sys_events`.execute(db)
    const backlogSeq = horizon[0]?.seq ?? '0'
    const pendingAtRestart = await count(db, sql`status = 'pending' and seq <= ${backlogSeq}`)
    await waitUntil(
      async () => (await count(db, sql`status = 'pending' and lease_owner = ${owner}`)) === 0,
      60_000,
    )
    const orphansAt = performance.now()
    await waitUntil(
      async () => (await count(db, sql`status = 'pending' and seq <= ${backlogSeq}`)) === 0,
      60_000,
    )
    const drainedAt = performance.now()
    const result: Round = {
      mode,
      claimedAtKill,
      pendingAtRestart,
      startMs: readyAt - restartedAt,
      orphansMs: orphansAt - readyAt,
      drainMs: drainedAt - readyAt,
    }
    results.push(result)
    log(
      `${mode}: ${claimedAtKill} rows left claimed; ${pendingAtRestart} pending when the new relay ran ` +
        `(process start ${result.startMs.toFixed(0)} ms); from then: the old relay's rows delivered in ` +
        `${result.orphansMs.toFixed(0)} ms, backlog drained in ${result.drainMs.toFixed(0)} ms ` +
        `(${(result.startMs + result.drainMs).toFixed(0)} ms from restart)`,
    )
  }
  writing = false
  await writer
  await waitUntil(async () => (await count(db, sql`status <> 'dispatched'`)) === 0, 60_000)
  const { rows: counters } = await sql<{ max_attempts: number; lost: string; inbox: string }>`
    select max(attempts) as max_attempts, count(*) filter (where lost_leases > 0) as lost,
      (select count(*) from sys_inbox) as inbox
    from sys_events`.execute(db)
  const summary = counters[0]
  const median = (mode: Round['mode'], pick: (round: Round) => number): number => {
    const values = results
      .filter((round) => round.mode === mode)
      .map(pick)
      .sort((a, b) => a - b)
    return values[Math.floor(values.length / 2)] ?? Number.NaN
  }
  const perEvent = (round: Round): number => round.drainMs / Math.max(1, round.pendingAtRestart)
  log(
    `summary: ${written} commands; every event dispatched and applied once ` +
      `(${summary?.inbox} inbox rows); ${summary?.lost} rows taken over after a kill, max attempts ${summary?.max_attempts}`,
  )
  for (const mode of modes) {
    log(
      `  ${mode} (median of ${rounds}): old relay's rows ${median(mode, (r) => r.orphansMs).toFixed(0)} ms, ` +
        `backlog ${median(mode, (r) => r.drainMs).toFixed(0)} ms after the relay ran again ` +
        `(${median(mode, (r) => r.startMs + r.drainMs).toFixed(0)} ms from restart, process start included)`,
    )
  }
  log(
    `  drain time per backlog event, SIGKILL / SIGTERM: ` +
      `${(median('SIGKILL', perEvent) / median('SIGTERM', perEvent)).toFixed(2)}`,
  )
  if (Number(summary?.inbox) !== written) throw new Error(`${summary?.inbox} of ${written} applied`)
} finally {
  for (const child of children) child.kill('SIGKILL')
  await testDb.destroy()
}
process.exit(0)
