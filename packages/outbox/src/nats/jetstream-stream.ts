import { JetStreamApiCodes } from '@nats-io/jetstream'
import type { StreamAPI, StreamInfo } from '@nats-io/jetstream'
import type { EventEnvelope } from '@rustok/core-events'
import { ensureOrderStream, orderStreamOf } from './internal/aggregate-order'

/** The slice of a `JetStreamManager` that {@link ensureEventStream} uses. */
export interface JetStreamStreamAdmin {
  /** Stream management API (`jsm.streams`). */
  readonly streams: Pick<StreamAPI, 'info' | 'add' | 'update'>
}

/** Options of {@link ensureEventStream}. */
export interface EventStreamOptions {
  /** Stream name. Default `RUSTOK_EVENTS`. */
  readonly name?: string
  /** Subject prefix; the stream captures `${subjectPrefix}.>`. Default `rustok.events`. */
  readonly subjectPrefix?: string
  /**
   * How long JetStream remembers a message id (`Nats-Msg-Id`, the event id) to drop a republished
   * copy, in ms. Must exceed the longest time the relay may take to retry an already-published
   * event. Default `120_000`.
   */
  readonly duplicateWindowMs?: number
  /** Age after which stored events are discarded, in ms; omitted or `0` keeps them forever. */
  readonly maxAgeMs?: number
  /** Number of stream replicas in a cluster. Default `1`. */
  readonly replicas?: number
}

/** Default stream name of {@link ensureEventStream}. */
export const DEFAULT_EVENT_STREAM = 'RUSTOK_EVENTS'

/** Default subject prefix of the event stream and transport. */
export const DEFAULT_SUBJECT_PREFIX = 'rustok.events'

const NANOS_PER_MS = 1_000_000

/**
 * The subject an event is published on: `${prefix}.${tenantId}.${type}`, e.g.
 * `rustok.events.0190….node.created`. Consumers filter by tenant (`rustok.events.<tenant>.>`) or
 * by type (`rustok.events.*.node.>`).
 *
 * @example
 * ```ts
 * eventSubject('rustok.events', envelope) // 'rustok.events.<tenantId>.node.created'
 * ```
 */
export function eventSubject(prefix: string, envelope: EventEnvelope): string {
  return `${prefix}.${envelope.tenantId}.${envelope.type}`
}

function isStreamNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === JetStreamApiCodes.StreamNotFound
}

/**
 * The name of the stream that keeps the per-aggregate order of the event stream `stream`
 * (`<stream>_ORDER`, see {@link ensureEventStream}). Delete it together with the event stream.
 *
 * @example
 * ```ts
 * await jsm.streams.delete(orderStreamName('RUSTOK_EVENTS')) // 'RUSTOK_EVENTS_ORDER'
 * ```
 */
export function orderStreamName(stream: string): string {
  return orderStreamOf(stream).name
}

/**
 * Creates the event stream, or updates it to the given settings if it exists: subjects
 * `${subjectPrefix}.>`, file storage, limits retention and a duplicate window so that an event the
 * relay publishes again (after a crash between the PubAck and marking the row) is stored once.
 * Also creates or updates its order stream ({@link orderStreamName}), where the transport records
 * each aggregate's last published event and consumers the last one they settled (ADR 0019).
 * Call it at start-up of every process that publishes or consumes; it is idempotent.
 *
 * @example
 * ```ts
 * const nc = await connect({ servers: 'nats://127.0.0.1:4222' })
 * await ensureEventStream(await jetstreamManager(nc), { maxAgeMs: 7 * 24 * 3_600_000 })
 * ```
 */
export async function ensureEventStream(
  jsm: JetStreamStreamAdmin,
  {
    name = DEFAULT_EVENT_STREAM,
    subjectPrefix = DEFAULT_SUBJECT_PREFIX,
    duplicateWindowMs = 120_000,
    maxAgeMs = 0,
    replicas = 1,
  }: EventStreamOptions = {},
): Promise<StreamInfo> {
  const settings = {
    subjects: [`${subjectPrefix}.>`],
    duplicate_window: duplicateWindowMs * NANOS_PER_MS,
    max_age: maxAgeMs * NANOS_PER_MS,
    num_replicas: replicas,
  }
  await ensureOrderStream(jsm.streams, { stream: name, maxAgeMs, replicas })
  try {
    await jsm.streams.info(name)
  } catch (error) {
    if (!isStreamNotFound(error)) throw error
    return jsm.streams.add({
      name,
      ...settings,
      storage: 'file',
      retention: 'limits',
      discard: 'old',
    })
  }
  return jsm.streams.update(name, settings)
}
