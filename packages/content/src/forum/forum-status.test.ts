import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  nextReplyStatus,
  nextTopicStatus,
  REPLY_STATUSES,
  REPLY_TRANSITIONS,
  replyCountDelta,
  TOPIC_STATUSES,
  TOPIC_TRANSITIONS,
  type ReplyStatus,
  type ReplyTransition,
  type TopicTransition,
} from './forum-status'

describe('topic status machine', () => {
  it('allows exactly the listed moves', () => {
    expect(nextTopicStatus('close', 'open')).toBe('closed')
    expect(nextTopicStatus('reopen', 'closed')).toBe('open')
    expect(nextTopicStatus('archive', 'closed')).toBe('archived')
    expect(nextTopicStatus('unarchive', 'archived')).toBe('closed')
    expect(nextTopicStatus('reopen', TOPIC_STATUSES[2]!)).toBeUndefined()
  })

  it('never leaves a topic where it was, and only from a listed status', () => {
    const transitions = Object.keys(TOPIC_TRANSITIONS) as TopicTransition[]
    fc.assert(
      fc.property(
        fc.constantFrom(...transitions),
        fc.constantFrom(...TOPIC_STATUSES),
        (tr, from) => {
          const to = nextTopicStatus(tr, from)
          const allowed = (TOPIC_TRANSITIONS[tr].from as readonly string[]).includes(from)
          expect(to !== undefined).toBe(allowed)
          if (to) expect(to).not.toBe(from)
        },
      ),
    )
  })
})

describe('reply moderation machine', () => {
  it('never returns to pending and never stays put', () => {
    const transitions = Object.keys(REPLY_TRANSITIONS) as ReplyTransition[]
    fc.assert(
      fc.property(
        fc.constantFrom(...transitions),
        fc.constantFrom(...REPLY_STATUSES),
        (tr, from) => {
          const to = nextReplyStatus(tr, from)
          if (to === undefined) return
          expect(to).not.toBe('pending')
          expect(to).not.toBe(from)
        },
      ),
    )
  })

  it('counter deltas of any walk sum to the counts of where it ends', () => {
    const transitions = Object.keys(REPLY_TRANSITIONS) as ReplyTransition[]
    fc.assert(
      fc.property(
        fc.constantFrom<ReplyStatus>('pending', 'approved'),
        fc.array(fc.constantFrom(...transitions), { maxLength: 20 }),
        (start, walk) => {
          let status: ReplyStatus = start
          const sum = { ...replyCountDelta(null, start) }
          for (const tr of walk) {
            const to = nextReplyStatus(tr, status)
            if (to === undefined) continue
            const step = replyCountDelta(status, to)
            sum.approved += step.approved
            sum.pending += step.pending
            status = to
          }
          expect(sum).toEqual(replyCountDelta(null, status))
        },
      ),
    )
  })
})
