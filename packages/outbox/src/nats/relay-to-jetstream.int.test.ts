import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { createTestDb, type TestDb as Handle } from '@rustok/test-utils'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventTransport } from '../event-transport'
import { createIdempotentHandler } from '../idempotent-handler'
import {
  catalog,
  drain,
  happened,
  thingModule,
  type TestDb,
} from '../internal/test-fixtures.test-helper'
import { createOutbox } from '../outbox'
import { outboxMigrations } from '../outbox-migrations'
import { createRelay } from '../relay'
import { createJetStreamConsumer, type JetStreamConsumer } from './jetstream-consumer'
import { ensureEventStream, orderStreamName } from './jetstream-stream'
import { createJetStreamTransport } from './jetstream-transport'

const NATS_URL = process.env.NATS_URL
if (!NATS_URL) console.warn('[nats] NATS_URL is not set: outbox → JetStream test skipped')

const RUN = `${Date.now()}_${Math.floor(Math.random() * 1e6)}`
const STREAM = `RUSTOK_E2E_${RUN}`
const PREFIX = `rustok.e2e${RUN}`

// L2 end to end: publishInTx → relay → JetStream (message id = event id) → durable consumer →
// idempotent handler. The relay "loses" its first acks, so every event is published twice.
describe.skipIf(!NATS_URL)('outbox → relay → NATS JetStream → consumer', () => {
  let handle: Handle<TestDb>
  let db: Kysely<TestDb>
  let nc: NatsConnection
  let jsm: JetStreamManager
  let consumer: JetStreamConsumer | undefined

  beforeAll(async () => {
    handle = await createTestDb<TestDb>({ modules: [outboxMigrations, thingModule] })
    db = handle.db
    nc = await connect({ servers: NATS_URL })
    jsm = await jetstreamManager(nc)
    await ensureEventStream(jsm, { name: STREAM, subjectPrefix: PREFIX, duplicateWindowMs: 60_000 })
  })
  afterAll(async () => {
    await consumer?.stop()
    await jsm?.streams.delete(STREAM).catch(() => false)
    await jsm?.streams.delete(orderStreamName(STREAM)).catch(() => false)
    await nc?.close()
    await handle?.destroy()
  })

  it('applies each event once although the relay republishes it', async () => {
    const js = jetstream(nc)
    const jetStreamTransport = createJetStreamTransport({ js, subjectPrefix: PREFIX })
    let duplicates = 0
    const dedupingTransport = createJetStreamTransport({
      js,
      subjectPrefix: PREFIX,
      onDuplicate: () => (duplicates += 1),
    })
    let firstPass = true
    // Publishes, then fails as if the ack was lost: the relay retries the row.
    const lossyTransport: EventTransport = {
      async deliver(envelope) {
        if (firstPass) {
          await jetStreamTransport.deliver(envelope)
          throw new Error('ack lost')
        }
        await dedupingTransport.deliver(envelope)
      },
    }

    const outbox = createOutbox({ catalog })
    const events = Array.from({ length: 20 }, (_, n) => happened(`e2e-${n % 4}`, n))
    await outbox.transaction(db, (trx) => outbox.publishInTx(trx, events))

    const relay = createRelay({ db, catalog, transport: lossyTransport, backoff: () => 0 })
    await relay.runOnce()
    firstPass = false
    await drain(relay)

    const handler = createIdempotentHandler({
      name: 'e2e-counter',
      types: '*',
      db,
      handle: async (trx, event) => {
        const { thingId } = event.payload as { thingId: string }
        await trx
          .insertInto('thing')
          .values({ id: thingId, counter: 1 })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({ counter: eb('thing.counter', '+', 1) })),
          )
          .execute()
      },
    })
    consumer = createJetStreamConsumer({
      js,
      jsm,
      stream: STREAM,
      durable: `e2e_${RUN}`,
      catalog,
      handle: (event) => handler.handle(event),
      onDeadLetter: () => {},
    })
    await consumer.start()

    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('thing')
              .select((eb) => eb.fn.sum<string>('counter').as('total'))
              .executeTakeFirst()
          )?.total,
        { timeout: 10_000, interval: 50 },
      )
      .toBe('20')
    const info = await jsm.streams.info(STREAM)
    expect(info.state.messages).toBe(20)
    expect(duplicates).toBeGreaterThan(0)
    const rows = await db.selectFrom('sys_events').select('status').distinct().execute()
    expect(rows).toEqual([{ status: 'dispatched' }])
  })
})
