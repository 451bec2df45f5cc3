import { headers } from '@nats-io/transport-node'
import type { MsgHdrs } from '@nats-io/transport-node'
import type { JetStreamClient, PubAck } from '@nats-io/jetstream'
import { serializeEnvelope } from '@rustok/core-events'
import type { EventEnvelope } from '@rustok/core-events'
import { PermanentDeliveryError } from '../event-transport'
import type { EventTransport } from '../event-transport'
import { DEFAULT_SUBJECT_PREFIX, eventSubject } from './jetstream-stream'

/** The slice of a `JetStreamClient` that {@link createJetStreamTransport} uses. */
export type JetStreamPublisher = Pick<JetStreamClient, 'publish'>

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

/** Header names the transport sets on every message, besides `Nats-Msg-Id` (the event id). */
export const EVENT_HEADERS: {
  readonly type: 'Rustok-Event-Type'
  readonly version: 'Rustok-Event-Version'
  readonly tenantId: 'Rustok-Tenant-Id'
  readonly traceId: 'Rustok-Trace-Id'
} = {
  type: 'Rustok-Event-Type',
  version: 'Rustok-Event-Version',
  tenantId: 'Rustok-Tenant-Id',
  traceId: 'Rustok-Trace-Id',
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
  return {
    async deliver(envelope) {
      const outgoing = prepare(subjectPrefix, envelope)
      const ack = await js.publish(outgoing.subject, outgoing.data, {
        msgID: envelope.id,
        headers: outgoing.headers,
        timeout: timeoutMs,
      })
      if (ack.duplicate) onDuplicate?.(envelope, ack)
    },
  }
}
