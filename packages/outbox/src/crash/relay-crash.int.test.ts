import { randomInt } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalog, happened } from '../internal/test-fixtures.test-helper'
import { createOutbox } from '../outbox'
import { outboxMigrations } from '../outbox-migrations'
import { effectModule, type CrashDb } from './effect-module.test-helper'
import { startRelayWorker, urlOf, type RelayWorker as Worker } from './worker-process.test-helper'

const totalEvents = 2_000
const aggregates = 100
/** Kills to spread the writes over; the test asserts at least `minKills` happened. */
const plannedKills = 6
const minKills = 4

// A relay process is SIGKILLed mid-batch again and again while events keep being written; every
// event must still be applied exactly once, counted by its effect. Needs PostgreSQL: PGlite is
// one process's in-memory database, which a child process cannot open.
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'a relay process killed mid-batch (PostgreSQL)',
  () => {
    let handle: Handle<CrashDb>
    let db: Kysely<CrashDb>
    let databaseUrl: string
    const workers = new Set<Worker>()
    let skippedRedeliveries = 0
    /** Set when a worker dies without being killed by the test. */
    let unexpectedExit: Error | undefined

    const startWorker = (): Worker => {
      const worker = startRelayWorker({
        databaseUrl,
        onLine: (line) => {
          if (line.startsWith('skipped ')) skippedRedeliveries += 1
        },
      })
      void worker.exited.then((signal) => {
        if (!worker.killedByTest) {
          unexpectedExit ??= new Error(
            `relay worker ${worker.child.pid} exited on its own (signal ${signal}):\n${worker.stderr()}`,
          )
        }
        workers.delete(worker)
      })
      workers.add(worker)
      return worker
    }

    /** Whether `worker` holds a claim (a batch it has not settled) within `waitMs`. */
    const holdsClaims = async (worker: Worker, waitMs: number): Promise<boolean> => {
      const { owner } = worker
      const deadline = Date.now() + waitMs
      do {
        const claimed = await db
          .selectFrom('sys_events')
          .select('id')
          .where('status', '=', 'pending')
          .where('lease_owner', '=', owner)
          .limit(1)
          .executeTakeFirst()
        if (claimed) return true
        await sleep(2)
      } while (Date.now() < deadline)
      return false
    }

    beforeAll(async () => {
      handle = await createTestDb<CrashDb>({ modules: [outboxMigrations, effectModule] })
      db = handle.db
      databaseUrl = await urlOf(db)
    })

    afterAll(async () => {
      // Even when the test failed: no relay process may outlive it (or hold the database open).
      await Promise.all([...workers].map((worker) => worker.kill()))
      await handle?.destroy()
    })

    it('applies every event exactly once although the relay is SIGKILLed while events are written', async () => {
      const outbox = createOutbox({ catalog })
      const started = Date.now()
      let written = 0
      let transactions = 0
      let kills = 0
      let killsMidBatch = 0
      let writing = true
      let stopWriter = false

      // Writes `totalEvents` in transactions of 1–5 events over `aggregates` aggregates, spread
      // over the kills: at most 1/(plannedKills + 1) of the events per interval between kills, so
      // that kills land while writing goes on however fast or slow this machine is.
      const writer = (async () => {
        try {
          while (written < totalEvents) {
            if (stopWriter) throw new Error('writer stopped: the kill loop failed')
            if (
              kills < plannedKills &&
              written >= (totalEvents * (kills + 1)) / (plannedKills + 1)
            ) {
              await sleep(10)
              continue
            }
            const size = Math.min(totalEvents - written, 1 + randomInt(5))
            const events = Array.from({ length: size }, (_, i) =>
              happened(`crash-${randomInt(aggregates)}`, written + i),
            )
            await outbox.transaction(db, (trx) => outbox.publishInTx(trx, events))
            written += size
            transactions += 1
            // Paced, so the relay has work all along rather than one burst per interval.
            await sleep(2 + randomInt(11))
          }
        } finally {
          writing = false
        }
      })()

      let worker = startWorker()
      try {
        await worker.ready
        while (writing) {
          await sleep(300 + randomInt(301))
          if (!writing) break
          if (unexpectedExit) throw unexpectedExit
          // Aim at a batch in flight: wait (briefly) until this worker holds claimed rows.
          if (await holdsClaims(worker, 2_000)) killsMidBatch += 1
          await worker.kill()
          kills += 1
          worker = startWorker()
          await worker.ready
        }
      } catch (error) {
        // Stop the writer too, so that it neither runs on nor rejects unhandled; afterAll kills
        // the workers.
        stopWriter = true
        await writer.catch(() => {})
        throw error
      }
      await writer

      // The last worker (never killed) drains what is left, including rows whose lease a killed
      // worker held.
      const deadline = Date.now() + 60_000
      for (;;) {
        if (unexpectedExit) throw unexpectedExit
        const { rows } = await sql<{ pending: string }>`
          select count(*) as pending from sys_events where status = 'pending'`.execute(db)
        if (Number(rows[0]!.pending) === 0) break
        if (Date.now() > deadline) {
          throw new Error(`${rows[0]!.pending} events still pending after 60 s of draining`)
        }
        await sleep(100)
      }
      await worker.kill()

      const status = await db
        .selectFrom('sys_events')
        .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
        .groupBy('status')
        .execute()
      const attempts = await db
        .selectFrom('sys_events')
        .select((eb) => [
          eb.fn.max('attempts').as('max'),
          eb.fn.max('lost_leases').as('maxLost'),
          eb.fn.countAll<string>().filterWhere('lost_leases', '>', 0).as('reclaimed'),
        ])
        .executeTakeFirstOrThrow()
      const effects = await db
        .selectFrom('effect')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow()
      const notOnce = await db
        .selectFrom('effect')
        .selectAll()
        .where('applied_count', '<>', 1)
        .execute()
      const withoutEffect = await db
        .selectFrom('sys_events')
        .leftJoin('effect', 'effect.event_id', 'sys_events.id')
        .select('sys_events.id')
        .where('effect.event_id', 'is', null)
        .execute()

      console.log(
        `[outbox] relay crash test: ${written} events in ${transactions} transactions, ` +
          `${kills} SIGKILLs (${killsMidBatch} with a batch claimed), max attempts on a row ${attempts.max}, ` +
          `${attempts.reclaimed} rows re-claimed after a kill (at most ${attempts.maxLost} times), ` +
          `${skippedRedeliveries} redeliveries absorbed by the inbox, ` +
          `${((Date.now() - started) / 1000).toFixed(1)} s`,
      )

      expect(written).toBe(totalEvents)
      expect(kills).toBeGreaterThanOrEqual(minKills)
      // The crash path was exercised: claimed rows of a killed relay were taken over.
      expect(Number(attempts.reclaimed)).toBeGreaterThan(0)
      // No handler ever failed: a kill costs a row a lost lease, never one of its attempts (ADR 0017).
      expect(Number(attempts.max)).toBe(1)
      expect(Object.fromEntries(status.map((row) => [row.status, Number(row.count)]))).toEqual({
        dispatched: totalEvents,
      })
      expect(Number(effects.count)).toBe(totalEvents)
      expect(notOnce).toEqual([])
      expect(withoutEffect).toEqual([])
    }, 120_000)
  },
)

if (!process.env.TEST_DATABASE_URL) {
  console.warn('[outbox] crash test needs PostgreSQL (TEST_DATABASE_URL): skipped on PGlite')
}
