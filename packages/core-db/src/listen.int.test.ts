import { createTestDb, type TestDb } from '@rustok/test-utils'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from './create-db'
import { isDatabaseUnavailable } from './database-unavailable'
import { startTcpProxy } from './internal/tcp-proxy.test-helper'
import { testDatabaseUrl } from './internal/test-database-url.test-helper'
import { listen } from './listen'

const pgUrl = process.env.TEST_DATABASE_URL

/**
 * Sends `payload` on `channel` until `received` has it: a notification sent while the listener is
 * reconnecting is lost by design, so one send is not enough.
 */
async function notifyUntilReceived(
  db: Kysely<unknown>,
  { channel, payload }: { readonly channel: string; readonly payload: string },
  received: readonly string[],
): Promise<void> {
  await expect
    .poll(
      async () => {
        if (!received.includes(payload)) {
          await sql`select pg_notify(${channel}, ${payload})`.execute(db)
        }
        return received.includes(payload)
      },
      { timeout: 10_000, interval: 50 },
    )
    .toBe(true)
}

describe('listen', () => {
  let testDb: TestDb<unknown>
  beforeAll(async () => {
    testDb = await createTestDb({ modules: [] })
  })
  afterAll(() => testDb.destroy())

  it('receives NOTIFY payloads until unlistened', async () => {
    const received: string[] = []
    const unlisten = await listen(testDb.db, 'core_db_test', {
      onNotify: (payload) => received.push(payload),
    })
    await sql`select pg_notify('core_db_test', 'hello')`.execute(testDb.db)
    await expect.poll(() => received, { timeout: 5_000 }).toEqual(['hello'])

    await unlisten()
    await sql`select pg_notify('core_db_test', 'after')`.execute(testDb.db)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(received).toEqual(['hello'])
  })

  it('delivers a notification sent inside a transaction only after it commits', async () => {
    const received: string[] = []
    const unlisten = await listen(testDb.db, 'core_db_tx', {
      onNotify: (payload) => received.push(payload),
    })
    try {
      await testDb.db.transaction().execute(async (trx) => {
        await sql`select pg_notify('core_db_tx', 'committed')`.execute(trx)
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(received).toEqual([])
      })
      await expect.poll(() => received, { timeout: 5_000 }).toEqual(['committed'])
    } finally {
      await unlisten()
    }
  })

  it('rejects channel names that are not plain identifiers, and derived instances', async () => {
    await expect(
      listen(testDb.db, 'bad channel; drop table x', { onNotify: () => {} }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    await expect(
      listen(testDb.db.withSchema('public'), 'ok', { onNotify: () => {} }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
  })

  it('rejects negative or fractional reconnect and heartbeat timings', async () => {
    for (const timing of [
      { reconnectDelayMs: -1 },
      { maxReconnectDelayMs: 1.5 },
      { heartbeatMs: Number.NaN },
    ]) {
      await expect(
        listen(testDb.db, 'core_db_timing', { onNotify: () => {}, ...timing }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    }
  })

  describe.skipIf(!pgUrl)('when its connection is lost (PostgreSQL)', () => {
    it('reconnects and LISTENs again after its backend is terminated', async () => {
      const received: string[] = []
      const errors: Error[] = []
      let reconnects = 0
      const unlisten = await listen(testDb.db, 'core_db_reconnect', {
        onNotify: (payload) => received.push(payload),
        onError: (error) => errors.push(error),
        onReconnect: () => {
          reconnects += 1
        },
        reconnectDelayMs: 20,
        heartbeatMs: 0,
      })
      try {
        await sql`select pg_notify('core_db_reconnect', 'before')`.execute(testDb.db)
        await expect.poll(() => received, { timeout: 5_000 }).toEqual(['before'])

        const { rows } = await sql<{ terminated: boolean }>`
          select pg_terminate_backend(pid) as terminated from pg_stat_activity
          where datname = current_database() and query = 'listen core_db_reconnect'`.execute(
          testDb.db,
        )
        expect(rows).toEqual([{ terminated: true }])

        await notifyUntilReceived(
          testDb.db,
          { channel: 'core_db_reconnect', payload: 'after' },
          received,
        )
        expect(reconnects).toBeGreaterThanOrEqual(1)
        expect(errors.length).toBeGreaterThanOrEqual(1)
        expect(isDatabaseUnavailable(errors[0])).toBe(true)
      } finally {
        await unlisten()
      }
    })

    it('notices a half-open connection by its heartbeat and reconnects', async () => {
      const proxy = await startTcpProxy(await testDatabaseUrl(testDb.db, pgUrl ?? ''))
      const proxied = await createDb<unknown>({ driver: 'postgres', url: proxy.url })
      const received: string[] = []
      const errors: Error[] = []
      const unlisten = await listen(proxied, 'core_db_heartbeat', {
        onNotify: (payload) => received.push(payload),
        onError: (error) => errors.push(error),
        reconnectDelayMs: 20,
        heartbeatMs: 100,
      })
      try {
        // The listener's connection now goes silent both ways without closing: no error, no end,
        // and TCP keep-alive is answered by the proxy. Only the heartbeat can tell.
        proxy.blackhole()
        await notifyUntilReceived(
          testDb.db,
          { channel: 'core_db_heartbeat', payload: 'after' },
          received,
        )
        expect(errors[0]?.message).toMatch(/did not answer/)
      } finally {
        await unlisten()
        await proxied.destroy()
        await proxy.close()
      }
    })

    it('waits longer after each failed attempt to reopen, then resumes', async () => {
      const proxy = await startTcpProxy(await testDatabaseUrl(testDb.db, pgUrl ?? ''))
      const proxied = await createDb<unknown>({ driver: 'postgres', url: proxy.url })
      const received: string[] = []
      const failedAt: number[] = []
      let reconnects = 0
      const unlisten = await listen(proxied, 'core_db_backoff', {
        onNotify: (payload) => received.push(payload),
        onError: () => failedAt.push(performance.now()),
        onReconnect: () => {
          reconnects += 1
        },
        reconnectDelayMs: 25,
        maxReconnectDelayMs: 100,
        heartbeatMs: 0,
      })
      try {
        proxy.refuse(true)
        proxy.cut()
        // The loss, then five refused attempts.
        await expect.poll(() => failedAt.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(6)
        proxy.refuse(false)
        // A timer never fires early, so each gap is at least its delay: 25, 50, 100 (the cap), 100, 100.
        const gaps = failedAt.slice(1, 6).map((at, index) => at - (failedAt[index] ?? at))
        const delays = [25, 50, 100, 100, 100]
        // 1 ms of slack: timers run on a millisecond clock, performance.now() is finer.
        expect(gaps.map((gap, index) => gap >= (delays[index] ?? 0) - 1)).toEqual(
          delays.map(() => true),
        )
        await notifyUntilReceived(
          testDb.db,
          { channel: 'core_db_backoff', payload: 'back' },
          received,
        )
        expect(reconnects).toBe(1)
      } finally {
        await unlisten()
        await proxied.destroy()
        await proxy.close()
      }
    })
  })
})
