import { JetStreamApiCodes } from '@nats-io/jetstream'
import type {
  ConsumerAPI,
  ConsumerMessages,
  Consumers,
  JetStreamClient,
  JsMsg,
  StreamAPI,
} from '@nats-io/jetstream'
import { isCoreEventsError, parseEnvelope } from '@rustok/core-events'
import type { EventCatalog, EventEnvelope } from '@rustok/core-events'
import { isPermanentDeliveryError } from '../event-transport'
import {
  doneSubject,
  ensureOrderStreamOf,
  NO_ORDER_VALUE,
  raiseOrderValue,
  readOrderValue,
  subjectMatches,
} from './internal/aggregate-order'
import type { OrderStream, OrderValue } from './internal/aggregate-order'
import { EVENT_HEADERS } from './jetstream-transport'

/** The slice of a `JetStreamClient` that {@link createJetStreamConsumer} uses. */
export interface JetStreamConsumerClient {
  /** Consumer access (`js.consumers`). */
  readonly consumers: Pick<Consumers, 'get'>
  /** Publishes to the order stream: the last event of each aggregate the durable settled. */
  readonly publish: JetStreamClient['publish']
}

/** The slice of a `JetStreamManager` that {@link createJetStreamConsumer} uses. */
export interface JetStreamConsumerAdmin {
  /** Consumer management API (`jsm.consumers`): creates the durable, reads its ack floor. */
  readonly consumers: Pick<ConsumerAPI, 'info' | 'add' | 'update'>
  /** Stream API (`jsm.streams`): the order stream, and earlier events of an aggregate. */
  readonly streams: Pick<StreamAPI, 'info' | 'add' | 'update' | 'getMessage'>
}

/** A message the consumer gave up on, handed to `onDeadLetter` (then terminated in JetStream). */
export interface JetStreamDeadLetter {
  /** The event as received (before upcasting); `null` when the body is not a valid envelope. */
  readonly envelope: EventEnvelope | null
  /** The message body as received, for inspection and replay. */
  readonly raw: string
  /** Why: the handler's last error, or the envelope's parse or decode error. */
  readonly error: unknown
  /** How many times JetStream delivered the message, this delivery included. */
  readonly deliveries: number
  /** The subject the message was published on. */
  readonly subject: string
  /** The message's sequence number in the stream. */
  readonly streamSequence: number
}

/** Options of {@link createJetStreamConsumer}. */
export interface JetStreamConsumerOptions {
  /** JetStream client, e.g. `jetstream(nc)`. */
  readonly js: JetStreamConsumerClient
  /** JetStream manager, e.g. `await jetstreamManager(nc)`; creates or updates the durable consumer. */
  readonly jsm: JetStreamConsumerAdmin
  /** Stream to consume, e.g. `RUSTOK_EVENTS`. */
  readonly stream: string
  /** Durable consumer name; processes sharing it share the work. */
  readonly durable: string
  /**
   * Subjects to receive, e.g. `['rustok.events.*.node.>']`; omitted receives the whole stream.
   * More than one subject needs NATS server ≥ 2.10.
   */
  readonly filterSubjects?: readonly string[]
  /**
   * The event catalogue: every event is decoded through it (`EventCatalog.decode`), so an event
   * stored at an older version reaches `handle` upcast to the current one. An unknown type or a
   * version newer than the catalogue is retried (a newer process sharing the durable may know
   * it); a payload that fails the schema is dead-lettered. Without a catalogue, `handle` receives
   * the payload as stored.
   */
  readonly catalog?: EventCatalog
  /** Handles one event. Must be idempotent: delivery is at-least-once. */
  readonly handle: (envelope: EventEnvelope) => Promise<void>
  /** Dead-letter sink, e.g. a `dead_letters` table; called once per given-up message. */
  readonly onDeadLetter: (letter: JetStreamDeadLetter) => Promise<void> | void
  /** Deliveries before a failing event is dead-lettered. Default `5`. */
  readonly maxDeliver?: number
  /** Time a handler has before JetStream redelivers the message, in ms. Default `30_000`. */
  readonly ackWaitMs?: number
  /**
   * Delay before redelivery after the n-th failed delivery: `backoffMs[n - 1]`, the last entry
   * repeating. Default: exponential, 500 ms doubling up to 30 s.
   */
  readonly backoffMs?: readonly number[]
  /** Errors that must not retry. Default `isPermanentDeliveryError`. */
  readonly isPermanent?: (error: unknown) => boolean
  /** Messages fetched ahead of the handler; keep it × handler time under `ackWaitMs`. Default `16`. */
  readonly prefetch?: number
  /** Infrastructure failures (acks, the consume loop, `onDeadLetter`); default ignores them. */
  readonly onError?: (error: unknown) => void
}

/** A running durable JetStream consumer. */
export interface JetStreamConsumer {
  /** Creates or updates the durable consumer and starts handling messages in the background. */
  start(): Promise<void>
  /** Stops fetching, waits for the message in hand to be settled. */
  stop(): Promise<void>
}

const NANOS_PER_MS = 1_000_000
// Handlers run one at a time per process, as before per-aggregate order; events that wait for an
// earlier one do not take this slot.
const CONCURRENCY = 1
// Settled positions remembered per process (a cache of the order stream; it only saves reads).
const SETTLED_CACHE_SIZE = 10_000

// One subject goes in `filter_subject`, which NATS 2.9 servers understand too;
// `filter_subjects` (several) needs NATS ≥ 2.10.
function filterConfig(subjects: readonly string[] | undefined): {
  filter_subject?: string
  filter_subjects?: string[]
} {
  if (subjects === undefined || subjects.length === 0) return {}
  const [only, ...more] = subjects
  return more.length === 0 ? { filter_subject: only } : { filter_subjects: [...subjects] }
}

function retryDelay(backoffMs: readonly number[] | undefined, deliveries: number): number {
  if (backoffMs === undefined || backoffMs.length === 0)
    return Math.min(30_000, 500 * 2 ** (deliveries - 1))
  return backoffMs[Math.min(deliveries, backoffMs.length) - 1] ?? 0
}

// Time between two looks at the order stream while an event waits for one handled elsewhere.
function pollDelay(round: number): number {
  return Math.min(1_000, 20 * 2 ** round)
}

// The `Rustok-Aggregate-Previous` header; `undefined` when absent or not a sequence number.
function previousIn(headers: { get(name: string): string } | undefined): number | undefined {
  const raw = headers?.get(EVENT_HEADERS.aggregatePrevious)
  if (raw === undefined || raw === '') return undefined
  const value = Number(raw)
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined
}

// A decoding failure that retrying can fix: the type or version is newer than this catalogue.
function isDecodeRetryable(error: unknown): boolean {
  return (
    isCoreEventsError(error) &&
    (error.code === 'UNKNOWN_EVENT_TYPE' || error.code === 'UNSUPPORTED_VERSION')
  )
}

/** A received event waiting, or running, in its aggregate's lane. */
interface Entry {
  readonly m: JsMsg
  readonly seq: number
  readonly envelope: EventEnvelope
  /** Stream sequence of the aggregate's previous event this durable receives; `0` for none. */
  previous: number
  running: boolean
}

/** The events of one aggregate this process holds, oldest first; only the first may run. */
interface Lane {
  /** Where the durable records the aggregate's last settled event. */
  readonly subject: string
  readonly queue: Entry[]
  pumping: boolean
  wake: (() => void) | undefined
}

type Settlement =
  | { readonly kind: 'ack' }
  | { readonly kind: 'retry'; readonly delayMs: number }
  | { readonly kind: 'dead'; readonly letter: Omit<JetStreamDeadLetter, 'raw'> }

/**
 * A durable pull consumer of the event stream (E5 L2, E6): decodes each event through the
 * catalogue, handles it, acks it once the handler resolves (waiting for the server to confirm the
 * ack), naks a transient failure with backoff, and dead-letters (`onDeadLetter`, then `term()`) a
 * permanent failure, an event that failed `maxDeliver` times, and a body that is not a valid
 * envelope.
 *
 * Per-aggregate order (ADR 0019), also across processes sharing the durable: an event is handled
 * only once the durable has settled (acked or dead-lettered) the previous event of its aggregate,
 * named by the transport in the `Rustok-Aggregate-Previous` header. Until then it waits in this
 * process (kept from redelivery with `working()`), while events of other aggregates go on. The
 * durable records each aggregate's last settled event in the order stream, so a process learns
 * when another one has settled the predecessor; an event whose predecessor went to a process that
 * died waits for that predecessor's redelivery. Events published without the header (not by
 * `createJetStreamTransport`) are handled as they come, without order.
 *
 * Delivery is at-least-once: a crash, an expired `ackWaitMs` or a lost ack redelivers an event
 * that may already have been handled, so handlers must be idempotent (wrap them with
 * `createIdempotentHandler`, the outbox's inbox). The JetStream consumer allows one delivery
 * beyond `maxDeliver`: if the last allowed attempt never settled (crash, ack wait expired), that
 * extra delivery dead-letters the event without handling it, so no event is dropped silently.
 *
 * @example
 * ```ts
 * const indexer = createIdempotentHandler({ name: 'search-indexer', types: '*', db, handle: indexNode })
 * const consumer = createJetStreamConsumer({
 *   js: jetstream(nc),
 *   jsm: await jetstreamManager(nc),
 *   stream: 'RUSTOK_EVENTS',
 *   durable: 'search-indexer',
 *   filterSubjects: ['rustok.events.*.node.>'],
 *   catalog,
 *   handle: async (envelope) => void (await indexer.handle(envelope)),
 *   onDeadLetter: (letter) => logger.error({ letter }, 'event dead-lettered'),
 * })
 * await consumer.start()
 * ```
 */
export function createJetStreamConsumer(options: JetStreamConsumerOptions): JetStreamConsumer {
  const {
    js,
    jsm,
    stream,
    durable,
    catalog,
    handle,
    onDeadLetter,
    maxDeliver = 5,
    ackWaitMs = 30_000,
    isPermanent = isPermanentDeliveryError,
    prefetch = 16,
    onError = () => {},
  } = options
  const filters = options.filterSubjects ?? []
  let starting: Promise<ConsumerMessages> | undefined
  let loop: Promise<void> | undefined
  let order: OrderStream | undefined
  let stopped = false
  let heartbeat: ReturnType<typeof setInterval> | undefined

  const lanes = new Map<string, Lane>()
  const pumps = new Set<Promise<void>>()
  const settled = new Map<string, OrderValue>()

  // Entries that are being checked, wait for the handler slot or run; the fetch loop pauses while
  // they fill the slots, so it never reads far ahead of the handler.
  let busy = 0
  let running = 0
  const slotWaiters: Array<() => void> = []
  const roomWaiters: Array<() => void> = []

  function acquireSlot(): Promise<void> {
    if (running < CONCURRENCY) {
      running += 1
      return Promise.resolve()
    }
    return new Promise((resolve) => slotWaiters.push(resolve))
  }
  function releaseSlot(): void {
    const next = slotWaiters.shift()
    if (next === undefined) running -= 1
    else next()
  }
  function leaveBusy(): void {
    busy -= 1
    if (busy < CONCURRENCY) for (const resolve of roomWaiters.splice(0)) resolve()
  }
  function room(): Promise<void> {
    if (busy < CONCURRENCY || stopped) return Promise.resolve()
    return new Promise((resolve) => roomWaiters.push(resolve))
  }

  function remember(subject: string, value: OrderValue): void {
    const known = settled.get(subject)
    if (
      known !== undefined &&
      (known.value > value.value ||
        (known.value === value.value && known.revision >= value.revision))
    ) {
      return
    }
    settled.delete(subject)
    settled.set(subject, value)
    if (settled.size > SETTLED_CACHE_SIZE) {
      const oldest = settled.keys().next().value
      if (oldest !== undefined) settled.delete(oldest)
    }
  }

  async function ensureConsumer(): Promise<void> {
    const config = {
      ack_policy: 'explicit' as const,
      // One spare delivery, see above: it only dead-letters what the last attempt left unsettled.
      max_deliver: maxDeliver + 1,
      ack_wait: ackWaitMs * NANOS_PER_MS,
      ...filterConfig(options.filterSubjects),
    }
    try {
      await jsm.consumers.info(stream, durable)
    } catch (error) {
      if ((error as { code?: unknown }).code !== JetStreamApiCodes.ConsumerNotFound) throw error
      await jsm.consumers.add(stream, { durable_name: durable, ...config })
      return
    }
    await jsm.consumers.update(stream, durable, config)
  }

  function decode(envelope: EventEnvelope): EventEnvelope {
    if (catalog === undefined) return envelope
    const { version, payload } = catalog.decode(envelope)
    return { ...envelope, version, payload }
  }

  // What to do with a message: handle it (decoded) unless its deliveries are used up.
  async function attempt(m: JsMsg, envelope: EventEnvelope): Promise<Settlement> {
    const deliveries = m.info.deliveryCount
    const where = { envelope, deliveries, subject: m.subject, streamSequence: m.seq }
    if (deliveries > maxDeliver) {
      const error = new Error(`Delivery ${deliveries} exceeds maxDeliver ${maxDeliver}`)
      return { kind: 'dead', letter: { ...where, error } }
    }
    let decoded: EventEnvelope
    try {
      decoded = decode(envelope)
    } catch (error) {
      // A newer type or version may be known to another process of the durable: retry it.
      if (!isDecodeRetryable(error) || deliveries >= maxDeliver) {
        return { kind: 'dead', letter: { ...where, error } }
      }
      return { kind: 'retry', delayMs: retryDelay(options.backoffMs, deliveries) }
    }
    try {
      await handle(decoded)
    } catch (error) {
      if (isPermanent(error) || deliveries >= maxDeliver) {
        return { kind: 'dead', letter: { ...where, error } }
      }
      return { kind: 'retry', delayMs: retryDelay(options.backoffMs, deliveries) }
    }
    return { kind: 'ack' }
  }

  // Records that the durable settled `entry`, so later events of its aggregate may run anywhere.
  async function markSettled(lane: Lane, entry: Entry): Promise<void> {
    const known = settled.get(lane.subject)
    remember(lane.subject, { value: entry.seq, revision: known?.revision ?? 0 })
    if (order === undefined) return
    try {
      const stored = await raiseOrderValue(
        { js, streams: jsm.streams },
        { order, subject: lane.subject, value: entry.seq, known },
      )
      remember(lane.subject, stored)
    } catch (error) {
      // Others then fall back on the durable's ack floor, which passes this event once acked.
      onError(error)
    }
  }

  // Returns whether the message was settled (acked or terminated) rather than given back.
  async function finish(
    m: JsMsg,
    settlement: Settlement,
    onSettled: () => Promise<void>,
  ): Promise<boolean> {
    switch (settlement.kind) {
      case 'retry':
        m.nak(settlement.delayMs)
        return false
      case 'dead':
        try {
          await onDeadLetter({ ...settlement.letter, raw: m.string() })
        } catch (error) {
          // Not recorded: keep the message so a later delivery can dead-letter it again.
          onError(error)
          m.nak(retryDelay(options.backoffMs, settlement.letter.deliveries))
          return false
        }
        m.term('dead-lettered')
        await onSettled()
        return true
      case 'ack':
        // ackAck waits for the server to confirm; a lost ack means one more (idempotent) delivery.
        await Promise.all([onSettled(), m.ackAck()])
        return true
    }
  }

  // Whether `entry` may run now ('run'), was settled already ('done') or must wait ('wait').
  async function check(lane: Lane, entry: Entry): Promise<'run' | 'done' | 'wait'> {
    let known = settled.get(lane.subject) ?? NO_ORDER_VALUE
    if (known.value >= entry.seq) return 'done'
    if (entry.previous <= known.value) return 'run'
    if (order !== undefined) {
      try {
        remember(lane.subject, await readOrderValue(jsm.streams, { order, subject: lane.subject }))
        known = settled.get(lane.subject) ?? known
      } catch (error) {
        // The ack floor below still lets the aggregate go on once the predecessor is acked.
        onError(error)
      }
    }
    if (known.value >= entry.seq) return 'done'
    if (entry.previous <= known.value) return 'run'
    entry.previous = await previousReceived(entry.previous, known.value)
    if (entry.previous <= known.value) return 'run'
    // The durable's ack floor: everything up to it is settled (backs up a lost order-stream write).
    const info = await jsm.consumers.info(stream, durable)
    return info.ack_floor.stream_seq >= entry.previous ? 'run' : 'wait'
  }

  // The predecessor this durable will actually receive: walks back past earlier events of the
  // aggregate that its filter leaves out (it never settles those) and past removed ones.
  async function previousReceived(previous: number, settledUpTo: number): Promise<number> {
    let current = previous
    while (current > settledUpTo) {
      const stored = await jsm.streams.getMessage(stream, { seq: current })
      // Removed by the stream's limits: JetStream will not deliver it, so nothing to wait for.
      if (stored === null) return 0
      if (filters.length === 0 || filters.some((filter) => subjectMatches(filter, stored.subject)))
        return current
      current = previousIn(stored.header) ?? 0
    }
    return current
  }

  async function sleep(lane: Lane, ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        lane.wake = undefined
        resolve()
      }
      lane.wake = done
    })
  }

  async function runLane(lane: Lane): Promise<void> {
    let round = 0
    while (!stopped) {
      const entry = lane.queue[0]
      if (entry === undefined) break
      busy += 1
      let verdict: 'run' | 'done' | 'wait'
      try {
        verdict = await check(lane, entry)
      } catch (error) {
        onError(error)
        verdict = 'wait'
      }
      if (verdict === 'wait' || stopped) {
        leaveBusy()
        if (!stopped) await sleep(lane, pollDelay(round))
        round += 1
        continue
      }
      round = 0
      try {
        if (verdict === 'done') {
          // A redelivery of an event the durable settled already (its ack was lost).
          await entry.m.ackAck()
        } else {
          await acquireSlot()
          entry.running = true
          try {
            const settlement = await attempt(entry.m, entry.envelope)
            await finish(entry.m, settlement, () => markSettled(lane, entry))
          } finally {
            releaseSlot()
          }
        }
      } catch (error) {
        onError(error)
      } finally {
        leaveBusy()
        lane.queue.splice(lane.queue.indexOf(entry), 1)
      }
    }
  }

  function pump(lane: Lane): void {
    if (lane.pumping) return
    lane.pumping = true
    const task = runLane(lane).finally(() => {
      lane.pumping = false
      pumps.delete(task)
      if (lane.queue.length === 0) lanes.delete(lane.subject)
      else if (!stopped) pump(lane)
    })
    pumps.add(task)
  }

  // Events without order information (not published by the transport) run as they come.
  async function runUnordered(m: JsMsg, envelope: EventEnvelope): Promise<void> {
    busy += 1
    try {
      await acquireSlot()
      try {
        await finish(m, await attempt(m, envelope), () => Promise.resolve())
      } finally {
        releaseSlot()
      }
    } finally {
      leaveBusy()
    }
  }

  async function receive(m: JsMsg): Promise<void> {
    // Left unacknowledged: JetStream redelivers it after the ack wait.
    if (stopped) return
    let envelope: EventEnvelope
    try {
      envelope = parseEnvelope(m.string())
    } catch (error) {
      const letter = {
        envelope: null,
        error,
        deliveries: m.info.deliveryCount,
        subject: m.subject,
        streamSequence: m.seq,
      }
      busy += 1
      await finish(m, { kind: 'dead', letter }, () => Promise.resolve()).finally(leaveBusy)
      return
    }
    const previous = previousIn(m.headers)
    // A predecessor can only come earlier in the stream; anything else carries no order.
    if (previous === undefined || previous >= m.seq || order === undefined) {
      const task = runUnordered(m, envelope).catch(onError)
      pumps.add(task)
      void task.finally(() => pumps.delete(task))
      return
    }
    const subject = doneSubject(order, durable, envelope)
    let lane = lanes.get(subject)
    if (lane === undefined) {
      lane = { subject, queue: [], pumping: false, wake: undefined }
      lanes.set(subject, lane)
    }
    const entry: Entry = { m, seq: m.seq, envelope, previous, running: false }
    const at = lane.queue.findIndex((queued) => queued.seq > entry.seq && !queued.running)
    if (at === -1) lane.queue.push(entry)
    else lane.queue.splice(at, 0, entry)
    // An earlier event came back (a redelivery): look again now instead of after the poll delay.
    if (at === 0) lane.wake?.()
    pump(lane)
  }

  async function run(iterator: ConsumerMessages): Promise<void> {
    try {
      for await (const m of iterator) {
        await receive(m).catch(onError)
        await room()
      }
    } catch (error) {
      onError(error)
    }
  }

  // Waiting events are not being handled: keep JetStream from redelivering them elsewhere.
  function beat(): void {
    try {
      for (const lane of lanes.values()) {
        for (const entry of lane.queue) if (!entry.running) entry.m.working()
      }
    } catch (error) {
      onError(error)
    }
  }

  async function begin(): Promise<ConsumerMessages> {
    stopped = false
    order = await ensureOrderStreamOf(jsm.streams, stream)
    await ensureConsumer()
    const consumer = await js.consumers.get(stream, durable)
    const iterator = await consumer.consume({ max_messages: prefetch })
    heartbeat = setInterval(beat, Math.max(50, Math.floor(ackWaitMs / 3)))
    heartbeat.unref()
    loop = run(iterator)
    return iterator
  }

  return {
    async start() {
      // Concurrent calls share one start; a failed start can be retried.
      starting ??= begin().catch((error: unknown) => {
        starting = undefined
        throw error
      })
      await starting
    },
    async stop() {
      const current = starting
      if (current === undefined) return
      starting = undefined
      const iterator = await current.catch(() => undefined)
      stopped = true
      for (const resolve of roomWaiters.splice(0)) resolve()
      await iterator?.close()
      await loop
      loop = undefined
      for (const lane of lanes.values()) lane.wake?.()
      while (pumps.size > 0) await Promise.all(pumps)
      clearInterval(heartbeat)
      // Events still waiting are not acknowledged: JetStream redelivers them after the ack wait.
      lanes.clear()
    },
  }
}
