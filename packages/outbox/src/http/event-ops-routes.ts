import { discardDeadLetters, outboxStats, replayDeadLetters } from '../index'
import type { AnyKysely } from '@rustok/core-db'
import {
  problemResponse,
  pageSchema,
  defineRoute,
  requires,
  type OutboxWriter,
  type Route,
} from '@rustok/http'
import { deadLetterById, deadLetterPage } from './dead-letter-queries'
import {
  DeadLetterDetailSchema,
  DeadLetterIdParams,
  DeadLetterListQuery,
  DeadLetterSchema,
  DeadLetterSelectionSchema,
  DiscardedSchema,
  OutboxStatsSchema,
  ReplayedSchema,
} from './dead-letter-schemas'

// The outbox holds every tenant's events: these are platform routes, for the platform operator
// (ADR 0020) only. A tenant's roles never reach them, even one that holds `logs:*` for its own
// tenant's audit log; the tenant header only authenticates the operator.
const PLATFORM = 'Platform-wide: covers the events of every tenant; the platform operator only.'

/** The routes of the events module: dead letters and outbox statistics. */
export function eventOpsRoutes(
  db: AnyKysely,
  outbox: Pick<OutboxWriter, 'committed'>,
): readonly Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/events/dead-letters',
      operationId: 'listDeadLetters',
      summary: 'Events the relay gave up on',
      description: `${PLATFORM} Items leave the payload out; fetch one dead letter to see it.`,
      tags: ['events'],
      access: requires('logs:list', { platform: true }),
      request: { query: DeadLetterListQuery },
      responses: {
        200: { description: 'A page of dead letters', schema: pageSchema(DeadLetterSchema) },
      },
      handler: async (c, { query }) => c.json(await deadLetterPage(db, query)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/events/dead-letters/:id',
      operationId: 'getDeadLetter',
      summary: 'One dead letter, with its payload',
      description: PLATFORM,
      tags: ['events'],
      access: requires('logs:read', { platform: true }),
      request: { params: DeadLetterIdParams },
      responses: { 200: { description: 'The dead letter', schema: DeadLetterDetailSchema } },
      handler: async (c, { params }) => {
        const letter = await deadLetterById(db, params.id)
        if (!letter)
          return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such dead letter.' })
        return c.json(letter)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/events/dead-letters/replay',
      operationId: 'replayDeadLetters',
      summary: 'Queue matching dead letters for delivery again',
      description: `${PLATFORM} Each gets fresh attempts; handlers that had applied one skip it.`,
      tags: ['events'],
      access: requires('logs:manage', { platform: true }),
      request: { body: DeadLetterSelectionSchema },
      responses: { 200: { description: 'How many were queued', schema: ReplayedSchema } },
      handler: async (c, { body }) => {
        const replayed = await replayDeadLetters(db, body)
        // Wake an in-process relay now rather than at its next poll.
        if (replayed > 0) outbox.committed(db)
        return c.json({ replayed })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/events/dead-letters/discard',
      operationId: 'discardDeadLetters',
      summary: 'Delete matching dead letters for good',
      description: PLATFORM,
      tags: ['events'],
      access: requires('logs:manage', { platform: true }),
      request: { body: DeadLetterSelectionSchema },
      responses: { 200: { description: 'How many were deleted', schema: DiscardedSchema } },
      handler: async (c, { body }) => c.json({ discarded: await discardDeadLetters(db, body) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/events/stats',
      operationId: 'getOutboxStats',
      summary: 'Outbox counts by status and the relay lag',
      description: PLATFORM,
      tags: ['events'],
      access: requires('logs:read', { platform: true }),
      responses: { 200: { description: 'The outbox statistics', schema: OutboxStatsSchema } },
      handler: async (c) => c.json(await outboxStats(db)),
    }),
  ]
}
