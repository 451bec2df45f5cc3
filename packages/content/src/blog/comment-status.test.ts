import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  COMMENT_STATUSES,
  COMMENT_TRANSITIONS,
  countDelta,
  nextCommentStatus,
  type CommentStatus,
  type CommentTransition,
} from './comment-status'

const transitions = Object.keys(COMMENT_TRANSITIONS) as CommentTransition[]

describe('comment moderation machine', () => {
  it('allows exactly the listed moves, never to the same status and never back to pending', () => {
    const table = COMMENT_STATUSES.map((from) =>
      transitions.map((name) => `${from}-${name}->${nextCommentStatus(name, from) ?? 'x'}`),
    )
    expect(table).toEqual([
      ['pending-approve->approved', 'pending-reject->rejected', 'pending-spam->spam'],
      ['approved-approve->x', 'approved-reject->rejected', 'approved-spam->spam'],
      ['rejected-approve->approved', 'rejected-reject->x', 'rejected-spam->spam'],
      ['spam-approve->approved', 'spam-reject->x', 'spam-spam->x'],
    ])
  })

  it('keeps the counters equal to a recount under any sequence of decisions', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('add' as const) }),
            fc.record({
              op: fc.constant('move' as const),
              at: fc.nat(),
              name: fc.constantFrom(...transitions),
            }),
            fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
          ),
          { maxLength: 60 },
        ),
        (commands) => {
          const statuses: CommentStatus[] = []
          const counts = { approved: 0, pending: 0 }
          const apply = (delta: { approved: number; pending: number }) => {
            counts.approved += delta.approved
            counts.pending += delta.pending
          }
          for (const command of commands) {
            if (command.op === 'add') {
              statuses.push('pending')
              apply(countDelta(null, 'pending'))
              continue
            }
            if (statuses.length === 0) continue
            const at = command.at % statuses.length
            const from = statuses[at]!
            if (command.op === 'drop') {
              statuses.splice(at, 1)
              apply(countDelta(from, null))
              continue
            }
            const to = nextCommentStatus(command.name, from)
            if (to === undefined) continue
            expect(to).not.toBe(from)
            expect(to).not.toBe('pending')
            statuses[at] = to
            apply(countDelta(from, to))
          }
          expect(counts).toEqual({
            approved: statuses.filter((s) => s === 'approved').length,
            pending: statuses.filter((s) => s === 'pending').length,
          })
        },
      ),
      { numRuns: 200 },
    )
  })
})
