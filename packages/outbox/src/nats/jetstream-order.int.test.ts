import { randomUUID } from 'node:crypto'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import type { NatsConnection } from '@nats-io/transport-node'
import { createEnvelope, createEventCatalog, defineEvent } from '@rustok/core-events'
import type { EventEnvelope } from '@rustok/core-events'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJetStreamConsumer } from './jetstream-consumer'
import type { JetStreamConsumer, JetStreamConsumerOptions } from './jetstream-consumer'
import { ensureEventStream, orderStreamName } from './jetstream-stream'
import { createJetStreamTransport } from './jetstream-transport'

const NATS_URL = process.env.NATS_URL
if (!NATS_URL) console.warn('[nats] NATS_URL is not set: JetStream order tests skipped')

const RUN = `${Date.now()}_${Math.floor(Math.random() * 1e6)}`
const STREAM = `RUSTOK_ORDER_TEST_${RUN}`
const PREFIX = `rustok.ordertest${RUN}`

interface Step {
  readonly thingId: string
  readonly n: number
}

const stepped = defineEvent({
  type: 'thing.stepped',
  version: 1,
  description: 'A thing took its n-th step.',
  aggregateType: 'thing',
  schema: v.object({ thingId: v.string(), n: v.number() }),
  aggregateId: (payload) => payload.thingId,
})

// Same aggregate, another type: a consumer filtered on `thing.stepped` never receives it.
const noted = defineEvent({
  type: 'thing.noted',
  version: 1,
  description: 'Something was noted about a thing.',
  aggregateType: 'thing',
  schema: v.object({ thingId: v.string(), n: v.number() }),
  aggregateId: (payload) => payload.thingId,
})

// Version 2 renamed `name` to `title`; events stored at version 1 are upcast on read.
const renamed = defineEvent({
  type: 'thing.renamed',
  version: 2,
  description: 'A thing got a new title.',
  aggregateType: 'thing',
  schema: v.object({ thingId: v.string(), title: v.string() }),
  aggregateId: (payload) => payload.thingId,
  upcasters: {
    1: (payload) => {
      const { thingId, name } = payload as { thingId: string; name: string }
      return { thingId, title: name }
    },
  },
})

const catalog = createEventCatalog([stepped, noted, renamed])

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const label = (envelope: EventEnvelope): string => {
  const { thingId, n } = envelope.payload as Step
  return `${thingId}:${n}`
}

describe.skipIf(!NATS_URL)('JetStream consumer: per-aggregate order and decoding', () => {
  let nc: NatsConnection
  let js: JetStreamClient
  let jsm: JetStreamManager
  const running: JetStreamConsumer[] = []
  const connections: NatsConnection[] = []
  // Handlers of consumers that "died" mid-event; released at the end so they can stop.
  const hanging: Array<() => void> = []

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL })
    js = jetstream(nc)
    jsm = await jetstreamManager(nc)
    await ensureEventStream(jsm, { name: STREAM, subjectPrefix: PREFIX, duplicateWindowMs: 60_000 })
  })

  afterAll(async () => {
    for (const release of hanging) release()
    await Promise.all(running.map((consumer) => consumer.stop()))
    await Promise.all(connections.map((connection) => connection.close()))
    await jsm?.streams.delete(STREAM).catch(() => false)
    await jsm?.streams.delete(orderStreamName(STREAM)).catch(() => false)
    await nc?.close()
  })

  function consumer(
    options: Pick<JetStreamConsumerOptions, 'durable' | 'handle'> &
      Partial<JetStreamConsumerOptions>,
  ): JetStreamConsumer {
    const created = createJetStreamConsumer({
      js,
      jsm,
      stream: STREAM,
      catalog,
      ackWaitMs: 2_000,
      backoffMs: [50],
      onDeadLetter: () => {},
      ...options,
    })
    running.push(created)
    return created
  }

  // One event at a time, as the relay hands over the events of one aggregate.
  async function publish(...events: EventEnvelope[]): Promise<void> {
    const transport = createJetStreamTransport({ js, subjectPrefix: PREFIX })
    for (const event of events) await transport.deliver(event)
  }

  function step(tenantId: string, thingId: string, n: number): EventEnvelope {
    return createEnvelope(stepped, { thingId, n }, { tenantId })
  }

  it('does not hand event N+1 of an aggregate to the handler before event N succeeded', async () => {
    const tenantId = randomUUID()
    const thing = randomUUID()
    await publish(step(tenantId, thing, 1), step(tenantId, thing, 2), step(tenantId, thing, 3))
    const calls: string[] = []
    let failed = false
    await consumer({
      durable: `failing_${RUN}`,
      filterSubjects: [`${PREFIX}.${tenantId}.>`],
      handle: (envelope) => {
        const { n } = envelope.payload as Step
        if (n === 1 && !failed) {
          failed = true
          calls.push('1 failed')
          return Promise.reject(new Error('transient failure'))
        }
        calls.push(`${n} handled`)
        return Promise.resolve()
      },
    }).start()

    await waitFor(() => calls.includes('3 handled'))
    expect(calls).toEqual(['1 failed', '1 handled', '2 handled', '3 handled'])
  })

  it('holds later events of an aggregate while a dead consumer’s unacked event awaits redelivery', async () => {
    const tenantId = randomUUID()
    const thing = randomUUID()
    const other = randomUUID()
    const durable = `shared_${RUN}`
    const filterSubjects = [`${PREFIX}.${tenantId}.>`]

    // The first process receives event 1 and dies before acking it.
    const dyingConnection = await connect({ servers: NATS_URL })
    connections.push(dyingConnection)
    const received: string[] = []
    const dying = createJetStreamConsumer({
      js: jetstream(dyingConnection),
      jsm: await jetstreamManager(dyingConnection),
      stream: STREAM,
      durable,
      filterSubjects,
      catalog,
      ackWaitMs: 2_000,
      onDeadLetter: () => {},
      handle: (envelope) => {
        received.push(label(envelope))
        return new Promise<void>((resolve) => hanging.push(resolve))
      },
    })
    running.push(dying)
    await dying.start()
    await publish(step(tenantId, thing, 1))
    await waitFor(() => received.length === 1)
    await dyingConnection.close()

    // The second process goes on: event 2 of the same aggregate, and another aggregate's event.
    const handled: string[] = []
    await consumer({
      durable,
      filterSubjects,
      handle: (envelope) => {
        handled.push(label(envelope))
        return Promise.resolve()
      },
    }).start()
    await publish(step(tenantId, thing, 2), step(tenantId, other, 1))

    await waitFor(() => handled.length === 3)
    expect(received).toEqual([`${thing}:1`])
    expect(handled.filter((entry) => entry.startsWith(thing))).toEqual([`${thing}:1`, `${thing}:2`])
    // Only that aggregate waited: the other one went ahead of the redelivery.
    expect(handled.indexOf(`${other}:1`)).toBeLessThan(handled.indexOf(`${thing}:1`))
  })

  it('lets another process go on as soon as the earlier event is settled, whatever the ack floor', async () => {
    const tenantId = randomUUID()
    const stuck = randomUUID()
    const thing = randomUUID()
    const durable = `handoff_${RUN}`
    const filterSubjects = [`${PREFIX}.${tenantId}.>`]
    const handled: string[] = []
    const record = (envelope: EventEnvelope): Promise<void> => {
      handled.push(label(envelope))
      return Promise.resolve()
    }

    // An unrelated event fails and waits a minute for its retry: the durable's ack floor stays
    // below it, and below everything published after it.
    const first = consumer({
      durable,
      filterSubjects,
      backoffMs: [60_000],
      handle: (envelope) =>
        (envelope.payload as Step).thingId === stuck
          ? Promise.reject(new Error('down for a minute'))
          : record(envelope),
    })
    await first.start()
    await publish(step(tenantId, stuck, 1), step(tenantId, thing, 1))
    await waitFor(() => handled.includes(`${thing}:1`))
    await first.stop()

    // Another process receives event 2 of the same aggregate.
    await consumer({ durable, filterSubjects, handle: record }).start()
    await publish(step(tenantId, thing, 2))
    await waitFor(() => handled.includes(`${thing}:2`), 5_000)
    expect(handled).toEqual([`${thing}:1`, `${thing}:2`])
  })

  it('falls back on the durable’s ack floor when the record of a settled event was lost', async () => {
    const tenantId = randomUUID()
    const thing = randomUUID()
    const durable = `floor_${RUN}`
    const filterSubjects = [`${PREFIX}.${tenantId}.>`]
    const handled: string[] = []
    const record = (envelope: EventEnvelope): Promise<void> => {
      handled.push(label(envelope))
      return Promise.resolve()
    }

    // This process acks event 1, but cannot write to the order stream.
    const cutOff = consumer({
      durable,
      filterSubjects,
      js: {
        consumers: js.consumers,
        publish: () => Promise.reject(new Error('order stream down')),
      },
      handle: record,
    })
    await cutOff.start()
    await publish(step(tenantId, thing, 1))
    await waitFor(() => handled.length === 1)
    await cutOff.stop()

    await consumer({ durable, filterSubjects, handle: record }).start()
    await publish(step(tenantId, thing, 2))
    await waitFor(() => handled.length === 2, 5_000)
    expect(handled).toEqual([`${thing}:1`, `${thing}:2`])
  })

  it('is not held up by earlier events of the aggregate that its filter leaves out', async () => {
    const tenantId = randomUUID()
    const thing = randomUUID()
    const handled: string[] = []
    await publish(
      createEnvelope(noted, { thingId: thing, n: 1 }, { tenantId }),
      step(tenantId, thing, 2),
    )
    await consumer({
      durable: `filtered_${RUN}`,
      filterSubjects: [`${PREFIX}.${tenantId}.thing.stepped`],
      handle: (envelope) => {
        handled.push(label(envelope))
        return Promise.resolve()
      },
    }).start()

    await waitFor(() => handled.length === 1, 5_000)
    expect(handled).toEqual([`${thing}:2`])
  })

  it('hands the handler an event stored at an older version upcast through the catalogue', async () => {
    const tenantId = randomUUID()
    const thingId = randomUUID()
    // As an older release wrote it: version 1, with `name`.
    const stored: EventEnvelope = {
      ...createEnvelope(renamed, { thingId, title: 'unused' }, { tenantId }),
      version: 1,
      payload: { thingId, name: 'Old name' },
    }
    await publish(stored)
    const seen: EventEnvelope[] = []
    await consumer({
      durable: `upcast_${RUN}`,
      filterSubjects: [`${PREFIX}.${tenantId}.>`],
      handle: (envelope) => {
        seen.push(envelope)
        return Promise.resolve()
      },
    }).start()

    await waitFor(() => seen.length === 1)
    expect(seen[0]).toMatchObject({
      id: stored.id,
      type: 'thing.renamed',
      version: 2,
      payload: { thingId, title: 'Old name' },
    })
  })
})
