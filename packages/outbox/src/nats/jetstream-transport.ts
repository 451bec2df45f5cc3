import { headers } from '@nats-io/transport-node'
import type { MsgHdrs } from '@nats-io/transport-node'
import type { JetStreamClient, JetStreamManager, PubAck } from '@nats-io/jetstream'
import { serializeEnvelope } from '@rustok/core-events'
import type { EventEnvelope } from '@rustok/core-events'
import { PermanentDeliveryError } from '../event-transport'
import type { EventTransport } from '../event-transport'
import {
  ensureOrderStreamOf,
  headSubject,
  raiseOrderValue,
  readOrderValue,
} from './internal/aggregate-order'
import type { OrderStream } from './internal/aggregate-order'
import { DEFAULT_SUBJECT_PREFIX, eventSubject } from './jetstream-stream'

/**
 * The slice of a `JetStreamClient` that {@link createJetStreamTransport} uses: `publish`, and
 * `jetstreamManager()` to find the stream and read each aggregate's last published event.
 */
export type JetStreamPublisher = Pick<JetStreamClient, 'publish' | 'jetstreamManager'>

/** Options of {@link createJetStreamTransport}. */
export interface JetStreamTransportOptions {
  /** JetStream client, e.g. `jetstream(nc)`. */
  readonly js: JetStreamPublisher
  /** Subject prefix; must be covered by the stream (see `ensureEventStream`). Default `rustok.events`. */
  readonly subjectPrefix?: string
  /** How long to wait for the PubAck, in ms; a timeout rejects and the relay retries. Default `5_000`. */
  readonly timeoutMs?: number
  /**
   * Called when JetStream reports the message as a duplicate of one already stored within the
   * stream's duplicate window (the relay published this event before). Delivery still succeeds.
   */
  readonly onDuplicate?: (envelope: EventEnvelope, ack: PubAck) => void
}

/**
 * Header names the transport sets on every message, besides `Nats-Msg-Id` (the event id).
 * `aggregatePrevious` is the stream sequence of the previous event of the same aggregate (`0` for
 * its first event): consumers hold an event back until its durable has settled that one.
 */
export const EVENT_HEADERS: {
  readonly type: 'Rustok-Event-Type'
  readonly version: 'Rustok-Event-Version'
  readonly tenantId: 'Rustok-Tenant-Id'
  readonly traceId: 'Rustok-Trace-Id'
  readonly aggregatePrevious: 'Rustok-Aggregate-Previous'
} = {
  type: 'Rustok-Event-Type',
  version: 'Rustok-Event-Version',
  tenantId: 'Rustok-Tenant-Id',
  traceId: 'Rustok-Trace-Id',
  aggregatePrevious: 'Rustok-Aggregate-Previous',
}

// A subject token may not be empty or hold separators, wildcards or whitespace.
const SUBJECT_TOKEN = /^[^\s.*>]+$/
const SUBJECT_TOKENS = /^[^\s.*>]+(\.[^\s.*>]+)*$/

interface Outgoing {
  readonly subject: string
  readonly data: string
  readonly headers: MsgHdrs
}

// Everything that fails here fails the same way on every retry, hence permanent.
function prepare(prefix: string, envelope: EventEnvelope): Outgoing {
  if (!SUBJECT_TOKEN.test(envelope.tenantId) || !SUBJECT_TOKENS.test(envelope.type)) {
    throw new PermanentDeliveryError(
      `Event ${envelope.id}: tenant id or type is not a valid NATS subject token`,
    )
  }
  let data: string
  try {
    data = serializeEnvelope(envelope)
  } catch (error) {
    throw new PermanentDeliveryError(`Event ${envelope.id} cannot be serialised`, { cause: error })
  }
  const h = headers()
  h.set(EVENT_HEADERS.type, envelope.type)
  h.set(EVENT_HEADERS.version, String(envelope.version))
  h.set(EVENT_HEADERS.tenantId, envelope.tenantId)
  if (envelope.traceId !== null) h.set(EVENT_HEADERS.traceId, envelope.traceId)
  return { subject: eventSubject(prefix, envelope), data, headers: h }
}

/**
 * The L2 transport (E5): publishes each event to NATS JetStream on
 * `${subjectPrefix}.${tenantId}.${type}` with `Nats-Msg-Id` = the event id, and resolves only after
 * the stream's PubAck, so the relay marks a row dispatched only once JetStream has stored it.
 * A republished event within the duplicate window is acknowledged but not stored again.
 *
 * Per-aggregate order (ADR 0019): the relay hands over one event per aggregate at a time, in
 * order. The transport links them: it reads the aggregate's head (the stream sequence of its last
 * published event) from the order stream that `ensureEventStream` creates, sends it in the
 * `Rustok-Aggregate-Previous` header, and after the PubAck raises the head to the new event's
 * sequence. Consumers use the link to hold an event back until its predecessor is settled.
 *
 * Failures: a timeout, a lost connection or no stream on the subject (it may be being created)
 * reject with the client's error and the relay retries; an envelope that cannot be serialised or
 * put on a subject rejects with `PermanentDeliveryError` and is dead-lettered at once.
 *
 * @example
 * ```ts
 * const nc = await connect({ servers: env.NATS_URL })
 * await ensureEventStream(await jetstreamManager(nc))
 * const transport = createJetStreamTransport({ js: jetstream(nc) })
 * const relay = createRelay({ db, transport })
 * ```
 */
export function createJetStreamTransport({
  js,
  subjectPrefix = DEFAULT_SUBJECT_PREFIX,
  timeoutMs = 5_000,
  onDuplicate,
}: JetStreamTransportOptions): EventTransport {
  interface Target {
    readonly streams: JetStreamManager['streams']
    readonly order: OrderStream
  }
  let target: Promise<Target> | undefined

  // The stream that stores this prefix, looked up once; a failure (no stream yet) is not cached.
  async function findTarget(): Promise<Target> {
    const jsm = await js.jetstreamManager()
    const stream = await jsm.streams.find(`${subjectPrefix}.${ORDER_PROBE_TOKEN}`)
    return { streams: jsm.streams, order: await ensureOrderStreamOf(jsm.streams, stream) }
  }

  return {
    async deliver(envelope) {
      const outgoing = prepare(subjectPrefix, envelope)
      target ??= findTarget().catch((error: unknown) => {
        target = undefined
        throw error
      })
      const { streams, order } = await target
      const subject = headSubject(order, envelope)
      try {
        // The relay delivers one event per aggregate at a time, so nothing moves the head between
        // this read and the raise below (except a copy of this very event, which is a duplicate).
        const head = await readOrderValue(streams, { order, subject })
        outgoing.headers.set(EVENT_HEADERS.aggregatePrevious, String(head.value))
        const ack = await js.publish(outgoing.subject, outgoing.data, {
          msgID: envelope.id,
          headers: outgoing.headers,
          timeout: timeoutMs,
        })
        if (ack.duplicate) onDuplicate?.(envelope, ack)
        // Before resolving: the relay hands over the aggregate's next event only after this.
        await raiseOrderValue({ js, streams }, { order, subject, value: ack.seq, known: head })
      } catch (error) {
        // Look the streams up again next time (one may have been deleted and re-created).
        target = undefined
        throw error
      }
    },
  }
}

// Any token: `streams.find` needs a concrete subject under the prefix.
const ORDER_PROBE_TOKEN = 'probe'
