// The three outbox measurements: relay drain rate, commit → handler latency, outbox write cost.
import { createRelay, type EventTransport, type Outbox, type Relay } from '@rustok/outbox'
import { sql, type Kysely } from 'kysely'
import { benchCatalog, burstCommand, touched, type BenchDb, type Command } from './bench-schema'

const noopTransport: EventTransport = { deliver: () => Promise.resolve() }

function randomItem(items: number): number {
  return Math.floor(Math.random() * items)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Empties the outbox, so each measurement starts from the same state. */
export async function resetOutbox(db: Kysely<BenchDb>): Promise<void> {
  await sql`truncate sys_events`.execute(db)
}

async function pendingCount(db: Kysely<BenchDb>): Promise<number> {
  const row = await db
    .selectFrom('sys_events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Inserts `total` pending events over `aggregates` aggregates, 1,000 per transaction. */
export async function insertBacklog(
  db: Kysely<BenchDb>,
  outbox: Outbox,
  { total, aggregates }: { total: number; aggregates: number },
): Promise<void> {
  for (let start = 0; start < total; start += 1_000) {
    const envelopes = Array.from({ length: Math.min(1_000, total - start) }, (_, i) =>
      touched((start + i) % aggregates, start + i),
    )
    await db.transaction().execute((trx) => outbox.publishInTx(trx, envelopes))
  }
}

async function drainWith(relay: Relay, db: Kysely<BenchDb>): Promise<number> {
  let claimed = 0
  for (;;) {
    const batch = await relay.runOnce()
    claimed += batch
    // With several relays, 0 may only mean the rest is leased by another one.
    if (batch === 0 && (await pendingCount(db)) === 0) return claimed
  }
}

/** Events/s for `relays` relays (batch 500, no-op transport) draining the backlog in place. */
export async function drainRate(db: Kysely<BenchDb>, relays: number): Promise<number> {
  const instances = Array.from({ length: relays }, () =>
    createRelay({ db, catalog: benchCatalog, transport: noopTransport, batchSize: 500 }),
  )
  const started = performance.now()
  const counts = await Promise.all(instances.map((relay) => drainWith(relay, db)))
  const seconds = (performance.now() - started) / 1000
  return counts.reduce((sum, n) => sum + n, 0) / seconds
}

/** Commands/s with `writers` concurrent writers, each running commands back to back for `ms`. */
export async function closedLoopRate(
  command: Command,
  { writers, items, ms }: { writers: number; items: number; ms: number },
): Promise<number> {
  let done = 0
  const started = performance.now()
  const end = started + ms
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < end) {
        await command(randomItem(items), done)
        done++
      }
    }),
  )
  return done / ((performance.now() - started) / 1000)
}

/** Latency percentiles of {@link commitToHandlerLatency}. */
export interface LatencyResult {
  readonly p50: number
  readonly p99: number
  readonly commands: number
  readonly delivered: number
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, rank)] ?? Number.NaN
}

/**
 * Runs `rate` commands/s for `ms` (paced by target timestamps over `writers` writers) with a
 * started relay woken on commit; latency = delivery time − time `outbox.transaction` resolved.
 */
export async function commitToHandlerLatency(
  { db, outbox, command }: { db: Kysely<BenchDb>; outbox: Outbox; command: Command },
  options: { rate: number; ms: number; writers: number; items: number },
): Promise<LatencyResult> {
  const committedAt = new Map<string, number>()
  const deliveredAt = new Map<string, number>()
  const transport: EventTransport = {
    deliver: (envelope) => {
      deliveredAt.set(envelope.id, performance.now())
      return Promise.resolve()
    },
  }
  const relay = createRelay({ db, catalog: benchCatalog, transport, batchSize: 500 })
  const unsubscribe = outbox.onCommitted(() => relay.wake())
  relay.start()

  const interval = 1000 / options.rate
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: options.writers }, async () => {
      for (;;) {
        const n = next++
        const at = started + n * interval
        if (at - started >= options.ms) return
        const wait = at - performance.now()
        if (wait > 0) await sleep(wait)
        const id = await command(randomItem(options.items), n)
        if (id !== undefined) committedAt.set(id, performance.now())
      }
    }),
  )
  const deadline = performance.now() + 10_000
  while (deliveredAt.size < committedAt.size && performance.now() < deadline) await sleep(10)
  unsubscribe()
  await relay.stop()

  const latencies: number[] = []
  for (const [id, committed] of committedAt) {
    const delivered = deliveredAt.get(id)
    if (delivered !== undefined) latencies.push(delivered - committed)
  }
  latencies.sort((a, b) => a - b)
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    commands: committedAt.size,
    delivered: latencies.length,
  }
}

/**
 * Commit → handler latency for bursts on one aggregate: `bursts` times, one command commits
 * `burstSize` events of a fresh aggregate at once, with a started relay woken on commit (poll
 * interval `pollIntervalMs`); each burst is drained before the next. Only the oldest pending event
 * of an aggregate is claimable, so this measures how soon the relay claims again after settling
 * one (it used to wait a poll interval).
 */
export async function hotAggregateLatency(
  { db, outbox }: { db: Kysely<BenchDb>; outbox: Outbox },
  options: { bursts: number; burstSize: number; pollIntervalMs: number; items: number },
): Promise<LatencyResult> {
  const committedAt = new Map<string, number>()
  const deliveredAt = new Map<string, number>()
  const transport: EventTransport = {
    deliver: (envelope) => {
      deliveredAt.set(envelope.id, performance.now())
      return Promise.resolve()
    },
  }
  const relay = createRelay({
    db,
    catalog: benchCatalog,
    transport,
    pollIntervalMs: options.pollIntervalMs,
  })
  const unsubscribe = outbox.onCommitted(() => relay.wake())
  relay.start()
  try {
    for (let burst = 0; burst < options.bursts; burst++) {
      const ids = await burstCommand(db, outbox, {
        index: burst % options.items,
        events: options.burstSize,
      })
      const committed = performance.now()
      for (const id of ids) committedAt.set(id, committed)
      const deadline = performance.now() + 30_000
      while (deliveredAt.size < committedAt.size && performance.now() < deadline) await sleep(1)
      // A short quiet spell, so that each burst starts on an idle relay.
      await sleep(20)
    }
  } finally {
    unsubscribe()
    await relay.stop()
  }

  const latencies: number[] = []
  for (const [id, committed] of committedAt) {
    const delivered = deliveredAt.get(id)
    if (delivered !== undefined) latencies.push(delivered - committed)
  }
  latencies.sort((a, b) => a - b)
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    commands: committedAt.size,
    delivered: latencies.length,
  }
}

/** Throughputs and ratio of {@link outboxWriteCost}. */
export interface WriteCostResult {
  readonly withOutbox: number
  readonly withoutOutbox: number
  readonly ratio: number
}

/** Commands/s with and without the outbox row, interleaved A B A B, `ms` each. */
export async function outboxWriteCost(
  withOutbox: Command,
  withoutOutbox: Command,
  options: { ms: number; writers: number; items: number },
): Promise<WriteCostResult> {
  const runs = { with: [] as number[], without: [] as number[] }
  for (let round = 0; round < 2; round++) {
    runs.with.push(await closedLoopRate(withOutbox, options))
    runs.without.push(await closedLoopRate(withoutOutbox, options))
  }
  const mean = (values: readonly number[]): number =>
    values.reduce((sum, value) => sum + value, 0) / values.length
  const withRate = mean(runs.with)
  const withoutRate = mean(runs.without)
  return { withOutbox: withRate, withoutOutbox: withoutRate, ratio: withRate / withoutRate }
}
