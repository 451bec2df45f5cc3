import { randomUUID } from 'node:crypto'
import * as v from 'valibot'
import {
  AUTHENTICATED,
  defineRoute,
  defineServerModule,
  PUBLIC,
  requires,
  type RouteAccess,
  type ServerModule,
} from '@rustok/http'

/** What the test routes did: how often each ran, and a gate that holds them while closed. */
export interface PipelineProbe {
  calls: number
  gate: Promise<void>
}

const ThingInput = v.object({
  name: v.pipe(v.string(), v.minLength(1)),
  fail: v.optional(v.boolean()),
})

const ThingSchema = v.object({
  id: v.string(),
  name: v.string(),
  tenantId: v.string(),
  call: v.number(),
})

/**
 * A module with routes of its own, so the pipeline tests depend on no other module's routes:
 * `POST /api/pipeline-test/things` (needs `products:create`), the same on `/public-things` for
 * anyone, `GET /api/pipeline-test/ping` for anyone and `GET /api/pipeline-test/me` for users.
 */
export function pipelineTestModule(probe: PipelineProbe): ServerModule<undefined, undefined> {
  const create = (path: string, operationId: string, access: RouteAccess = PUBLIC) =>
    defineRoute({
      method: 'post',
      path,
      operationId,
      summary: 'Creates a thing (test)',
      tags: ['pipeline-test'],
      access,
      request: { body: ThingInput },
      responses: { 201: { description: 'Created', schema: ThingSchema } },
      handler: async (c, { body }) => {
        probe.calls++
        await probe.gate
        if (body.fail === true) throw new Error('the test route failed')
        const id = randomUUID()
        c.header('Location', `${path}/${id}`)
        return c.json({ id, name: body.name, tenantId: c.var.tenantId, call: probe.calls }, 201)
      },
    })
  return defineServerModule({
    name: 'pipeline-test',
    description: 'Routes for the pipeline tests.',
    setup: () => ({
      services: undefined,
      routes: [
        create('/api/pipeline-test/things', 'createTestThing', requires('products:create')),
        create('/api/pipeline-test/public-things', 'createPublicTestThing'),
        defineRoute({
          method: 'get',
          path: '/api/pipeline-test/ping',
          operationId: 'pingPipelineTest',
          summary: 'Answers (test)',
          tags: ['pipeline-test'],
          access: PUBLIC,
          responses: { 200: { description: 'Pong', schema: v.object({ ok: v.boolean() }) } },
          handler: (c) => c.json({ ok: true }),
        }),
        defineRoute({
          method: 'get',
          path: '/api/pipeline-test/me',
          operationId: 'whoAmIPipelineTest',
          summary: 'The caller (test)',
          tags: ['pipeline-test'],
          access: AUTHENTICATED,
          responses: {
            200: { description: 'The caller', schema: v.object({ userId: v.string() }) },
          },
          handler: (c) => c.json({ userId: c.var.userId }),
        }),
      ],
    }),
  })
}
