import { JetStreamApiCodes } from '@nats-io/jetstream'
import type { ConsumerAPI, ConsumerMessages, Consumers, JsMsg } from '@nats-io/jetstream'
import { parseEnvelope } from '@rustok/core-events'
import type { EventEnvelope } from '@rustok/core-events'
import { isPermanentDeliveryError } from '../event-transport'

/** The slice of a `JetStreamClient` that {@link createJetStreamConsumer} uses. */
export interface JetStreamConsumerClient {
  /** Consumer access (`js.consumers`). */
  readonly consumers: Pick<Consumers, 'get'>
}

/** The slice of a `JetStreamManager` that {@link createJetStreamConsumer} uses. */
export interface JetStreamConsumerAdmin {
  /** Consumer management API (`jsm.consumers`). */
  readonly consumers: Pick<ConsumerAPI, 'info' | 'add' | 'update'>
}

/** A message the consumer gave up on, handed to `onDeadLetter` (then terminated in JetStream). */
export interface JetStreamDeadLetter {
  /** The decoded event; `null` when the body is not a valid envelope. */
  readonly envelope: EventEnvelope | null
  /** The message body as received, for inspection and replay. */
  readonly raw: string
  /** Why: the handler's last error, or the envelope's parse error. */
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

/**
 * A durable pull consumer of the event stream (E5 L2, E6): handles each event, acks it once the
 * handler resolves (waiting for the server to confirm the ack), naks a transient failure with
 * backoff, and dead-letters (`onDeadLetter`, then `term()`) a permanent failure, an event that
 * failed `maxDeliver` times, and a body that is not a valid envelope.
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
    handle,
    onDeadLetter,
    maxDeliver = 5,
    ackWaitMs = 30_000,
    isPermanent = isPermanentDeliveryError,
    prefetch = 16,
    onError = () => {},
  } = options
  let starting: Promise<ConsumerMessages> | undefined
  let loop: Promise<void> | undefined

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

  async function deadLetter(m: JsMsg, letter: Omit<JetStreamDeadLetter, 'raw'>): Promise<void> {
    try {
      await onDeadLetter({ ...letter, raw: m.string() })
    } catch (error) {
      // Not recorded: keep the message so a later delivery can dead-letter it again.
      onError(error)
      m.nak(retryDelay(options.backoffMs, letter.deliveries))
      return
    }
    m.term('dead-lettered')
  }

  async function settle(m: JsMsg): Promise<void> {
    const deliveries = m.info.deliveryCount
    const where = { deliveries, subject: m.subject, streamSequence: m.seq }
    let envelope: EventEnvelope
    try {
      envelope = parseEnvelope(m.string())
    } catch (error) {
      await deadLetter(m, { envelope: null, error, ...where })
      return
    }
    if (deliveries > maxDeliver) {
      const error = new Error(`Delivery ${deliveries} exceeds maxDeliver ${maxDeliver}`)
      await deadLetter(m, { envelope, error, ...where })
      return
    }
    try {
      await handle(envelope)
    } catch (error) {
      if (isPermanent(error) || deliveries >= maxDeliver) {
        await deadLetter(m, { envelope, error, ...where })
      } else {
        m.nak(retryDelay(options.backoffMs, deliveries))
      }
      return
    }
    // ackAck waits for the server to confirm; a lost ack means one more (idempotent) delivery.
    await m.ackAck()
  }

  async function run(iterator: ConsumerMessages): Promise<void> {
    try {
      for await (const m of iterator) {
        await settle(m).catch(onError)
      }
    } catch (error) {
      onError(error)
    }
  }

  async function begin(): Promise<ConsumerMessages> {
    await ensureConsumer()
    const consumer = await js.consumers.get(stream, durable)
    const iterator = await consumer.consume({ max_messages: prefetch })
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
      await iterator?.close()
      await loop
      loop = undefined
    },
  }
}
