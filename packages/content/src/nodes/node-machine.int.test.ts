import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isContentError } from '../content-error'
import type { NodeStatus } from '../content-tables'
import { contentTestDb, type ContentTestDb } from '../testing/content-test-db.test-helper'
import { NODE_TRANSITIONS, nextStatus, type NodeTransition } from './node-status'
import type { ContentActor } from './node-types'

const editor: ContentActor = { userId: randomUUID(), scope: 'all' }
const TRANSITIONS = Object.keys(NODE_TRANSITIONS) as NodeTransition[]
const EVENT_OF: Record<NodeTransition, string> = {
  publish: 'node.published',
  unpublish: 'node.unpublished',
  archive: 'node.archived',
  restore: 'node.restored',
}

type Command =
  | { readonly kind: 'transition'; readonly node: number; readonly transition: NodeTransition }
  | { readonly kind: 'patch'; readonly node: number; readonly title: string }

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('transition' as const),
    node: fc.integer({ min: 0, max: 2 }),
    transition: fc.constantFrom(...TRANSITIONS),
  }),
  fc.record({
    kind: fc.constant('patch' as const),
    node: fc.integer({ min: 0, max: 2 }),
    title: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ''),
  }),
)

describe('the node state machine (property)', () => {
  let t: ContentTestDb
  beforeAll(async () => {
    t = await contentTestDb()
  }, 60_000)
  afterAll(() => t.testDb.destroy())

  it('random command sequences never reach an invalid state and never lose an event', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        const tenantId = randomUUID()
        const nodes = t.nodes()
        const created = await Promise.all(
          [0, 1, 2].map((i) =>
            nodes.create(
              tenantId,
              { kind: 'post', translations: [{ locale: 'en', title: `Node ${i}` }] },
              editor,
            ),
          ),
        )
        const model: NodeStatus[] = ['draft', 'draft', 'draft']
        const expectedEvents: string[] = []
        for (const step of commands) {
          const ref = { tenantId, id: created[step.node]?.id ?? '' }
          if (step.kind === 'patch') {
            await nodes.patch(ref, { translations: [{ locale: 'en', title: step.title }] }, editor)
            expectedEvents.push('node.updated')
            continue
          }
          const next = nextStatus(step.transition, model[step.node] ?? 'draft')
          try {
            const node = await nodes.transition(ref, step.transition, editor)
            expect(next).toBeDefined()
            expect(node.status).toBe(next)
            model[step.node] = node.status
            expectedEvents.push(EVENT_OF[step.transition])
          } catch (error) {
            if (!isContentError(error)) throw error
            expect(error.code).toBe('INVALID_TRANSITION')
            expect(next).toBeUndefined()
          }
        }
        const stored = await Promise.all(
          created.map((node) => nodes.get({ tenantId, id: node.id })),
        )
        expect(stored.map((node) => node.status)).toEqual(model)
        const events = (await t.events(tenantId))
          .map((event) => event.type)
          .filter((type) => type !== 'node.created' && type !== 'node.translation.updated')
        expect(events).toEqual(expectedEvents)
      }),
      { numRuns: 30 },
    )
  }, 120_000)
})
