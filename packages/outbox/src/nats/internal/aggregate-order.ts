import { createHash } from 'node:crypto'
import { JetStreamApiCodes } from '@nats-io/jetstream'
import type { JetStreamClient, StoredMsg, StreamAPI } from '@nats-io/jetstream'
import type { EventEnvelope } from '@rustok/core-events'

// Per-aggregate order on L2 (ADR 0019). Next to each event stream lives an "order" stream that
// keeps one value per subject (like a KV bucket, without needing @nats-io/kv):
//   <root>.head.<tenant>.<aggregate>           stream sequence of the aggregate's last published event
//   <root>.done.<durable>.<tenant>.<aggregate> stream sequence of the last event a durable settled
// The transport stamps every event with its aggregate's previous head; a consumer handles an event
// only once its durable has settled that predecessor.

/** The slice of `jsm.streams` that creates the order stream. */
export type OrderStreamAdmin = Pick<StreamAPI, 'info' | 'add' | 'update'>

/** Where one event stream keeps its per-aggregate order. */
export interface OrderStream {
  /** Stream name: `<event stream>_ORDER`. */
  readonly name: string
  /** Subject root: `rustok_order.<event stream>`. */
  readonly root: string
}

/** The order stream of the event stream `stream`. */
export function orderStreamOf(stream: string): OrderStream {
  return { name: `${stream}_ORDER`, root: `rustok_order.${stream}` }
}

function hasCode(error: unknown, code: number): boolean {
  return (error as { code?: unknown } | null)?.code === code
}

/**
 * Creates or updates the order stream of the event stream `stream`: one value per subject; values
 * older than `maxAgeMs` (the event stream's own age limit, `0` keeps them) are dropped, since
 * the events they point to are gone too.
 */
export async function ensureOrderStream(
  streams: OrderStreamAdmin,
  settings: { readonly stream: string; readonly maxAgeMs: number; readonly replicas: number },
): Promise<OrderStream> {
  const order = orderStreamOf(settings.stream)
  const config = {
    subjects: [`${order.root}.>`],
    max_msgs_per_subject: 1,
    max_age: settings.maxAgeMs * 1_000_000,
    num_replicas: settings.replicas,
  }
  try {
    await streams.info(order.name)
  } catch (error) {
    if (!hasCode(error, JetStreamApiCodes.StreamNotFound)) throw error
    try {
      await streams.add({
        name: order.name,
        ...config,
        storage: 'file',
        retention: 'limits',
        discard: 'old',
      })
      return order
    } catch (addError) {
      // Another process may have created it at the same moment: then update it below.
      await streams.info(order.name).catch(() => {
        throw addError
      })
    }
  }
  await streams.update(order.name, config)
  return order
}

/**
 * Makes sure the order stream of an existing event stream exists, with the event stream's own
 * age limit and replicas: for processes that did not create the event stream themselves.
 */
export async function ensureOrderStreamOf(
  streams: OrderStreamAdmin,
  stream: string,
): Promise<OrderStream> {
  const { config } = await streams.info(stream)
  return ensureOrderStream(streams, {
    stream,
    maxAgeMs: Math.round(config.max_age / 1_000_000),
    replicas: config.num_replicas,
  })
}

/**
 * The subject token of an aggregate: a hash of its type and id, which may hold any character.
 * SHA-256 makes two aggregates sharing a chain (a collision) practically impossible.
 */
export function aggregateToken(envelope: EventEnvelope): string {
  const hash = createHash('sha256')
    .update(`${envelope.aggregateType}\u0000${envelope.aggregateId}`)
    .digest('base64url')
  return `${envelope.tenantId}.${hash}`
}

/** The subject of an aggregate's head (its last published event). */
export function headSubject(order: OrderStream, envelope: EventEnvelope): string {
  return `${order.root}.head.${aggregateToken(envelope)}`
}

/** The subject of the last event of an aggregate that `durable` settled. */
export function doneSubject(order: OrderStream, durable: string, envelope: EventEnvelope): string {
  return `${order.root}.done.${durable}.${aggregateToken(envelope)}`
}

/** A value read from the order stream: a stream sequence, and the revision to update it from. */
export interface OrderValue {
  /** The stored stream sequence; `0` when nothing is stored. */
  readonly value: number
  /** Sequence of the storing message in the order stream; `0` when nothing is stored. */
  readonly revision: number
}

/** The empty value (no head, nothing settled). */
export const NO_ORDER_VALUE: OrderValue = { value: 0, revision: 0 }

function toValue(message: StoredMsg | null): OrderValue {
  if (message === null) return NO_ORDER_VALUE
  const value = Number(message.string())
  return { value: Number.isSafeInteger(value) ? value : 0, revision: message.seq }
}

/** Reads the stream sequence stored under `subject`. */
export async function readOrderValue(
  streams: Pick<StreamAPI, 'getMessage'>,
  { order, subject }: { readonly order: OrderStream; readonly subject: string },
): Promise<OrderValue> {
  return toValue(await streams.getMessage(order.name, { last_by_subj: subject }))
}

/**
 * Raises the value under `subject` to `value` unless it is already as high: a compare-and-set on
 * the subject's last sequence, re-read and retried when another process wrote in between, so the
 * value never goes down. `known` is the caller's last read (saves a round trip); resolves to the
 * stored value.
 */
export async function raiseOrderValue(
  nats: {
    readonly js: Pick<JetStreamClient, 'publish'>
    readonly streams: Pick<StreamAPI, 'getMessage'>
  },
  target: {
    readonly order: OrderStream
    readonly subject: string
    readonly value: number
    readonly known?: OrderValue
  },
): Promise<OrderValue> {
  const { order, subject, value } = target
  let current = target.known ?? (await readOrderValue(nats.streams, { order, subject }))
  for (let attempt = 0; ; attempt += 1) {
    if (current.value >= value) return current
    try {
      const ack = await nats.js.publish(subject, String(value), {
        expect: { lastSubjectSequence: current.revision },
      })
      return { value, revision: ack.seq }
    } catch (error) {
      if (!hasCode(error, JetStreamApiCodes.StreamWrongLastSequence) || attempt >= 20) {
        throw error
      }
    }
    current = await readOrderValue(nats.streams, { order, subject })
  }
}

/** Whether `subject` matches the NATS subject filter `filter` (`*` one token, `>` the rest). */
export function subjectMatches(filter: string, subject: string): boolean {
  const wanted = filter.split('.')
  const tokens = subject.split('.')
  for (const [index, token] of wanted.entries()) {
    if (token === '>') return tokens.length > index
    if (index >= tokens.length) return false
    if (token !== '*' && token !== tokens[index]) return false
  }
  return wanted.length === tokens.length
}
