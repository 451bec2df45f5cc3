import { createDb } from '@rustok/core-db'
import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  catalog,
  happened,
  recordingTransport,
  waitFor,
} from '../internal/test-fixtures.test-helper'
import { relayLockClass } from '../internal/claim-batch'
import { createOutbox } from '../outbox'
import { outboxMigrations } from '../outbox-migrations'
import { createRelay } from '../relay'
import { effectModule, type CrashDb } from './effect-module.test-helper'
import { startRelayWorker, urlOf, type RelayWorker } from './worker-process.test-helper'

/** Far longer than the 2 s recovery asserted below: only owner liveness can explain it. */
const leaseMs = 30_000
const recoveryMs = 2_000

// Owner liveness (ADR 0017): a relay process SIGKILLed with a batch claimed is recognised as dead
// by its advisory lock, and its rows are delivered again at once instead of after the lease.
// Needs PostgreSQL: PGlite is one process's in-memory database, which a child process cannot open.
describe.skipIf(!process.env.TEST_DATABASE_URL)('relay owner liveness (PostgreSQL)', () => {
  let handle: Handle<CrashDb>
  let db: Kysely<CrashDb>
  let databaseUrl: string
  const workers = new Set<RelayWorker>()
  const outbox = createOutbox({ catalog })
  const publish = (events: EventEnvelope[]): Promise<void> =>
    outbox.transaction(db, (trx) => outbox.publishInTx(trx, events))

  const startWorker = (env: Parameters<typeof startRelayWorker>[0]['env']): RelayWorker => {
    const worker = startRelayWorker({ databaseUrl, env })
    workers.add(worker)
    void worker.exited.then(() => workers.delete(worker))
    return worker
  }

  const leasedBy = async (owner: string): Promise<number> => {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from sys_events
      where status = 'pending' and lease_owner = ${owner}
        and lease_expires_at > now() + interval '25 seconds'`.execute(db)
    return Number(rows[0]?.n)
  }
  const countByStatus = async (status: 'pending' | 'dispatched' | 'failed'): Promise<number> => {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from sys_events where status = ${status}`.execute(db)
    return Number(rows[0]?.n)
  }

  /** Publishes `count` events on as many aggregates and waits until a holding worker claims all. */
  const claimedByAWorkerThatHangs = async (count: number): Promise<RelayWorker> => {
    const worker = startWorker({ RELAY_LEASE_MS: String(leaseMs), RELAY_HANDLER: 'hold' })
    await worker.ready
    await publish(Array.from({ length: count }, (_, n) => happened(`held-${n}`, 1)))
    await waitFor(
      'the worker to claim every row',
      async () => (await leasedBy(worker.owner)) === count,
    )
    return worker
  }

  beforeAll(async () => {
    handle = await createTestDb<CrashDb>({ modules: [outboxMigrations, effectModule] })
    db = handle.db
    databaseUrl = await urlOf(db)
  })
  beforeEach(async () => {
    await db.deleteFrom('sys_events').execute()
    await db.deleteFrom('effect').execute()
  })
  afterAll(async () => {
    // Even when a test failed: no relay process may outlive it (or hold the database open).
    await Promise.all([...workers].map((worker) => worker.kill()))
    await handle?.destroy()
  })

  it('holds its liveness lock only while it has work, and hands its connection back as it came', async () => {
    const relayLocks = async (): Promise<number> => {
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from pg_locks
        where locktype = 'advisory' and classid = ${relayLockClass} and objsubid = 2
          and database = (select oid from pg_database where datname = current_database())`.execute(
        db,
      )
      return Number(rows[0]?.n)
    }
    // One pooled connection: what the relay leaves on it, the next user of the pool gets.
    const single = await createDb<CrashDb>({
      driver: 'postgres',
      url: databaseUrl,
      pool: { max: 1 },
    })
    try {
      await publish([happened('solo', 1)])
      let release = (): void => {}
      const held = new Promise<void>((resolve) => {
        release = resolve
      })
      const relay = createRelay({ db: single, catalog, transport: { deliver: () => held } })
      const batch = relay.runOnce()
      await waitFor('the relay to hold its lock', async () => (await relayLocks()) === 1)
      release()
      expect(await batch).toBe(1)

      expect(await relayLocks()).toBe(0)
      const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(
        single,
      )
      expect(rows[0]?.synchronous_commit).toBe('on')
      // An idle relay holds nothing.
      relay.start()
      await relay.stop()
      expect(await relayLocks()).toBe(0)
    } finally {
      await single.destroy()
    }
  })

  it('a restarted relay delivers the rows a SIGKILLed relay had claimed within 2 s, though their lease is 30 s', async () => {
    const worker = await claimedByAWorkerThatHangs(20)
    await worker.kill()
    const killedAt = Date.now()

    const transport = recordingTransport()
    const relay = createRelay({ db, catalog, transport, leaseMs, pollIntervalMs: 250 })
    relay.start()
    try {
      await waitFor(
        'the dead relay’s rows to be delivered',
        () => transport.delivered.length === 20,
      )
    } finally {
      await relay.stop()
    }
    const recoveredMs = Date.now() - killedAt
    console.log(
      `[outbox] restarted relay delivered a killed relay's 20 rows ${recoveredMs} ms after the kill`,
    )

    expect(recoveredMs).toBeLessThan(recoveryMs)
    expect(await countByStatus('dispatched')).toBe(20)
    // The dead relay's claim is a lost lease, not an attempt.
    const counters = await db
      .selectFrom('sys_events')
      .select(['attempts', 'lost_leases'])
      .distinct()
      .execute()
    expect(counters).toEqual([{ attempts: 1, lost_leases: 1 }])
  })

  it('a surviving relay leaves a live relay’s rows alone and takes them over within 2 s of its SIGKILL', async () => {
    const worker = await claimedByAWorkerThatHangs(20)
    const transport = recordingTransport()
    // Nothing wakes the survivor when the other process dies: it finds the rows at its next poll
    // (every 1 s by default; 500 ms here, to leave the 2 s bound room on a loaded machine).
    const survivor = createRelay({ db, catalog, transport, leaseMs, pollIntervalMs: 500 })
    survivor.start()
    try {
      // The worker is alive: the survivor may not take its rows.
      expect(await survivor.runOnce()).toBe(0)
      expect(await leasedBy(worker.owner)).toBe(20)

      await worker.kill()
      const killedAt = Date.now()
      await waitFor('the survivor to deliver the rows', () => transport.delivered.length === 20)
      const recoveredMs = Date.now() - killedAt
      console.log(
        `[outbox] surviving relay delivered a killed relay's 20 rows ${recoveredMs} ms after the kill`,
      )
      expect(recoveredMs).toBeLessThan(recoveryMs)
    } finally {
      await survivor.stop()
    }
  })

  it('stops a row that kills its relay every time by its own limit, and delivers its neighbours', async () => {
    const maxLostLeases = 3
    const poison = happened('poison', 1)
    const healthy = Array.from({ length: 30 }, (_, n) => happened(`healthy-${n}`, 1))
    // The poison row is the oldest: the rest of its batch is in flight whenever it kills the relay.
    await publish([poison, happened('poison', 2), ...healthy])

    let deaths = 0
    for (;;) {
      const worker = startWorker({
        RELAY_LEASE_MS: String(leaseMs),
        RELAY_MAX_LOST_LEASES: String(maxLostLeases),
        RELAY_POISON_AGGREGATE: 'poison',
        RELAY_POISON_N: '1',
      })
      let died = false
      void worker.exited.then(() => {
        died = true
      })
      await waitFor(
        'the worker to die or the outbox to drain',
        async () => died || (await countByStatus('pending')) === 0,
        30_000,
      )
      const outcome = died ? 'died' : 'drained'
      if (outcome === 'drained') {
        await worker.kill()
        break
      }
      deaths += 1
      // Without a limit of its own, the poison row would kill relays for ever.
      expect(deaths).toBeLessThanOrEqual(maxLostLeases)
    }

    console.log(`[outbox] poison row dead-lettered after ${deaths} relay deaths`)
    expect(deaths).toBe(maxLostLeases)
    const rows = await db
      .selectFrom('sys_events')
      .select(['id', 'status', 'attempts', 'lost_leases', 'last_error'])
      .execute()
    const poisonRow = rows.find((row) => row.id === poison.id)
    expect(poisonRow).toMatchObject({
      status: 'failed',
      lost_leases: maxLostLeases,
      last_error: `Error: lease lost ${maxLostLeases} times`,
    })
    // Every other row, though in flight when the poison row killed its relay, is delivered.
    const others = rows.filter((row) => row.id !== poison.id)
    expect(others.filter((row) => row.status !== 'dispatched')).toEqual([])
    expect(Math.max(...others.map((row) => row.lost_leases))).toBeLessThan(maxLostLeases)
    expect(Math.max(...others.map((row) => row.attempts))).toBe(1)
    const effects = await db.selectFrom('effect').selectAll().execute()
    expect(effects).toHaveLength(others.length)
    expect(effects.filter((effect) => effect.applied_count !== 1)).toEqual([])
  }, 60_000)
})

if (!process.env.TEST_DATABASE_URL) {
  console.warn('[outbox] liveness tests need PostgreSQL (TEST_DATABASE_URL): skipped on PGlite')
}
