import { randomUUID } from 'node:crypto'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import type { NatsConnection } from '@nats-io/transport-node'
import { createEnvelope, createEventCatalog, defineEvent } from '@rustok/core-events'
import type { EventEnvelope } from '@rustok/core-events'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PermanentDeliveryError } from '../event-transport'
import { createJetStreamConsumer } from './jetstream-consumer'
import type { JetStreamConsumer, JetStreamDeadLetter } from './jetstream-consumer'
import { ensureEventStream, eventSubject, orderStreamName } from './jetstream-stream'
import { createJetStreamTransport } from './jetstream-transport'

const NATS_URL = process.env.NATS_URL
if (!NATS_URL) console.warn('[nats] NATS_URL is not set: JetStream tests skipped')

const RUN = `${Date.now()}_${Math.floor(Math.random() * 1e6)}`
const STREAM = `RUSTOK_TEST_${RUN}`
const PREFIX = `rustok.test${RUN}`

const pinged = defineEvent({
  type: 'test.pinged',
  version: 1,
  description: 'A test ping.',
  aggregateType: 'ping',
  schema: v.object({ pingId: v.string() }),
  aggregateId: (payload) => payload.pingId,
})

const catalog = createEventCatalog([pinged])

function newEnvelope(tenantId: string): EventEnvelope {
  return createEnvelope(pinged, { pingId: randomUUID() }, { tenantId })
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const settle = (ms = 300): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe.skipIf(!NATS_URL)('JetStream transport and consumer', () => {
  let nc: NatsConnection
  let js: JetStreamClient
  let jsm: JetStreamManager
  const running: JetStreamConsumer[] = []

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL })
    js = jetstream(nc)
    jsm = await jetstreamManager(nc)
    await ensureEventStream(jsm, { name: STREAM, subjectPrefix: PREFIX, duplicateWindowMs: 60_000 })
  })

  afterAll(async () => {
    await Promise.all(running.map((consumer) => consumer.stop()))
    await jsm?.streams.delete(STREAM).catch(() => false)
    await jsm?.streams.delete(orderStreamName(STREAM)).catch(() => false)
    await nc?.close()
  })

  interface Harness {
    readonly tenantId: string
    readonly handled: EventEnvelope[]
    readonly deliveries: Map<string, number>
    readonly deadLetters: JetStreamDeadLetter[]
  }

  // One tenant per test: its subjects keep the tests' messages and consumers apart.
  async function startConsumer(
    handle: (envelope: EventEnvelope, attempt: number) => Promise<void>,
    maxDeliver = 3,
  ): Promise<Harness> {
    const harness: Harness = {
      tenantId: randomUUID(),
      handled: [],
      deliveries: new Map(),
      deadLetters: [],
    }
    const consumer = createJetStreamConsumer({
      js,
      jsm,
      stream: STREAM,
      durable: `test_${harness.tenantId}`,
      filterSubjects: [`${PREFIX}.${harness.tenantId}.>`],
      catalog,
      maxDeliver,
      ackWaitMs: 2_000,
      backoffMs: [50, 50],
      handle: async (envelope) => {
        const attempt = (harness.deliveries.get(envelope.id) ?? 0) + 1
        harness.deliveries.set(envelope.id, attempt)
        await handle(envelope, attempt)
        harness.handled.push(envelope)
      },
      onDeadLetter: (letter) => {
        harness.deadLetters.push(letter)
      },
    })
    running.push(consumer)
    await consumer.start()
    return harness
  }

  async function storedCount(tenantId: string): Promise<number> {
    const info = await jsm.streams.info(STREAM, { subjects_filter: `${PREFIX}.${tenantId}.>` })
    return Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0)
  }

  it('publishes after the PubAck and the consumer handles the event once', async () => {
    const h = await startConsumer(() => Promise.resolve())
    const envelope = newEnvelope(h.tenantId)
    await createJetStreamTransport({ js, subjectPrefix: PREFIX }).deliver(envelope)

    await waitFor(() => h.handled.length === 1)
    await settle()
    expect(h.handled).toEqual([envelope])
    expect(h.deliveries.get(envelope.id)).toBe(1)
    expect(h.deadLetters).toEqual([])
    const stored = await jsm.streams.getMessage(STREAM, {
      last_by_subj: eventSubject(PREFIX, envelope),
    })
    expect(stored?.subject).toBe(eventSubject(PREFIX, envelope))
    expect(stored?.header.get('Nats-Msg-Id')).toBe(envelope.id)
    expect(stored?.header.get('Rustok-Event-Type')).toBe('test.pinged')
    expect(stored?.header.get('Rustok-Tenant-Id')).toBe(h.tenantId)
  })

  it('de-duplicates an event delivered twice by its id', async () => {
    const duplicates: string[] = []
    const transport = createJetStreamTransport({
      js,
      subjectPrefix: PREFIX,
      onDuplicate: (envelope) => duplicates.push(envelope.id),
    })
    const h = await startConsumer(() => Promise.resolve())
    const envelope = newEnvelope(h.tenantId)
    await transport.deliver(envelope)
    await transport.deliver(envelope)

    expect(duplicates).toEqual([envelope.id])
    expect(await storedCount(h.tenantId)).toBe(1)
    await waitFor(() => h.handled.length === 1)
    await settle()
    expect(h.handled).toHaveLength(1)
  })

  it('retries transient failures with backoff until the handler succeeds', async () => {
    const h = await startConsumer((_envelope, attempt) =>
      attempt <= 2 ? Promise.reject(new Error(`transient failure ${attempt}`)) : Promise.resolve(),
    )
    const envelope = newEnvelope(h.tenantId)
    await createJetStreamTransport({ js, subjectPrefix: PREFIX }).deliver(envelope)

    await waitFor(() => h.handled.length === 1)
    await settle()
    expect(h.deliveries.get(envelope.id)).toBe(3)
    expect(h.handled).toEqual([envelope])
    expect(h.deadLetters).toEqual([])
  })

  it('dead-letters an event that keeps failing after maxDeliver deliveries', async () => {
    const h = await startConsumer(() => Promise.reject(new Error('always down')), 3)
    const envelope = newEnvelope(h.tenantId)
    await createJetStreamTransport({ js, subjectPrefix: PREFIX }).deliver(envelope)

    await waitFor(() => h.deadLetters.length === 1)
    await settle(500)
    expect(h.deadLetters).toHaveLength(1)
    expect(h.deadLetters[0]).toMatchObject({ envelope, deliveries: 3 })
    expect((h.deadLetters[0]?.error as Error).message).toBe('always down')
    expect(h.deliveries.get(envelope.id)).toBe(3)
    expect(h.handled).toEqual([])
  })

  it('dead-letters a permanent failure after one delivery', async () => {
    const h = await startConsumer(() =>
      Promise.reject(new PermanentDeliveryError('cannot ever work')),
    )
    const envelope = newEnvelope(h.tenantId)
    await createJetStreamTransport({ js, subjectPrefix: PREFIX }).deliver(envelope)

    await waitFor(() => h.deadLetters.length === 1)
    await settle()
    expect(h.deadLetters).toHaveLength(1)
    expect(h.deadLetters[0]).toMatchObject({ envelope, deliveries: 1 })
    expect(h.deliveries.get(envelope.id)).toBe(1)
  })

  it('dead-letters a message whose body is not an envelope without calling the handler', async () => {
    const h = await startConsumer(() => Promise.resolve())
    const subject = `${PREFIX}.${h.tenantId}.test.garbage`
    await js.publish(subject, '{"not":"an envelope"')

    await waitFor(() => h.deadLetters.length === 1)
    await settle()
    expect(h.deadLetters).toHaveLength(1)
    expect(h.deadLetters[0]).toMatchObject({
      envelope: null,
      raw: '{"not":"an envelope"',
      deliveries: 1,
      subject,
    })
    expect(h.deliveries.size).toBe(0)
  })

  it('rejects transiently while no stream covers the subject', async () => {
    const transport = createJetStreamTransport({ js, subjectPrefix: `nostream${RUN}` })
    const error: unknown = await transport.deliver(newEnvelope(randomUUID())).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).name).not.toBe('PermanentDeliveryError')
  })
})
