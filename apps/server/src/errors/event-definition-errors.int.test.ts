import { Writable } from 'node:stream'
import { createEnvelope, defineEvent, type EventEnvelope } from '@rustok/core-events'
import { defineRoute, defineServerModule, migrationsOf, PUBLIC } from '@rustok/http'
import { createTestDb, type TestDb } from '@rustok/test-utils'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServerApp, type ServerApp } from '../compose/create-server-app'
import { createServices } from '../compose/services'
import { serverModules } from '../modules/server-modules'
import { createLogger } from '../observability/logger'
import { createMetrics } from '../observability/metrics'
import { testConfig, TEST_MODULE_OPTIONS } from '../testing/test-server.test-helper'

const probed = defineEvent({
  type: 'probe.happened',
  version: 1,
  description: 'A probe event of this test.',
  aggregateType: 'probe',
  schema: v.object({ probeCount: v.number() }),
  aggregateId: () => 'the-probe',
})

const TENANT = '0190a3a4-0000-7000-8000-000000000001'

/** How the test's own (buggy) service spoils a valid event before publishing it. */
const SPOILERS: Readonly<Record<string, (envelope: EventEnvelope) => EventEnvelope>> = {
  payload: (envelope) => ({ ...envelope, payload: { probeCount: 'three' } }),
  type: (envelope) => ({ ...envelope, type: 'probe.vanished' }),
  version: (envelope) => ({ ...envelope, version: 7 }),
}

/**
 * A module whose route publishes an event its own code built wrong: the caller's input (a valid
 * path) has nothing to do with it.
 */
const probeModule = defineServerModule({
  name: 'probe',
  description: 'Publishes events built wrong, on purpose.',
  events: [probed],
  setup: (core) => ({
    services: undefined,
    routes: [
      defineRoute({
        method: 'post',
        path: '/probe/:spoil',
        operationId: 'probe',
        summary: 'Publish a spoilt event',
        tags: ['probe'],
        access: PUBLIC,
        tenant: 'none',
        request: { params: v.object({ spoil: v.picklist(Object.keys(SPOILERS)) }) },
        responses: { 204: { description: 'Never: the event is invalid' } },
        handler: async (c, { params }) => {
          const spoil = SPOILERS[params.spoil] ?? ((envelope) => envelope)
          const envelope = createEnvelope(probed, { probeCount: 3 }, { tenantId: TENANT })
          await core.outbox.transaction(core.db, (trx) =>
            core.outbox.publishInTx(trx, [spoil(envelope)]),
          )
          return c.body(null, 204)
        },
      }),
    ],
  }),
})

describe('an invalid event built by a service', () => {
  let testDb: TestDb<unknown>
  let server: ServerApp
  const lines: Record<string, unknown>[] = []

  beforeAll(async () => {
    const modules = [...serverModules(TEST_MODULE_OPTIONS), probeModule]
    testDb = await createTestDb<unknown>({ modules: migrationsOf(modules) })
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) {
          lines.push(JSON.parse(line) as Record<string, unknown>)
        }
        done()
      },
    })
    const services = await createServices({
      config: testConfig(),
      db: testDb.db,
      logger: createLogger({ level: 'error', destination }),
      metrics: createMetrics({ defaultMetrics: false }),
      modules,
    })
    server = createServerApp(services)
  })
  afterAll(() => testDb.destroy())

  it.each([
    ['payload', 'INVALID_EVENT'],
    ['type', 'UNKNOWN_EVENT_TYPE'],
    ['version', 'INTERNAL'],
  ])(
    'with a spoilt %s is a logged 500 (%s) that shows no internal field path',
    async (spoil, code) => {
      const before = lines.length
      const response = await server.app.request(`/probe/${spoil}`, { method: 'POST' })
      expect(response.status).toBe(500)
      const body = (await response.json()) as Record<string, unknown>
      expect(body).toMatchObject({ code, status: 500 })
      expect(body).not.toHaveProperty('errors')
      expect(JSON.stringify(body)).not.toMatch(/probeCount|probe\.vanished|version 7/)
      // The error handler's line (the request log writes its own, with the duration).
      const logged = lines
        .slice(before)
        .filter((line) => line.msg === 'request failed' && !('durationMs' in line))
      expect(logged).toEqual([
        expect.objectContaining({ level: 'error', code, path: `/probe/${spoil}` }),
      ])
      // The log keeps what the answer hides: the bug's details, for whoever fixes it.
      expect(logged[0]?.err).toMatchObject({ message: expect.any(String) as unknown })
      expect(
        await testDb.db
          .selectFrom('sys_events' as never)
          .selectAll()
          .execute(),
      ).toEqual([])
    },
  )
})
