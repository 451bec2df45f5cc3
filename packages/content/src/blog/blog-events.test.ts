import { createEventCatalog, isCoreEventsError, NIL_UUID } from '@rustok/core-events'
import { describe, expect, test } from 'vitest'
import { contentEvents } from '../content-events'
import { blogEvents, type BlogEventType } from './blog-events'

const id = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
const other = '0190a0d4-7f55-7c1e-9c1a-bbbbbbbbbbbb'
const catalog = createEventCatalog(contentEvents, blogEvents)

/** A valid payload of every blog event. */
const samples: Record<BlogEventType, Record<string, unknown>> = {
  'comment.created': {
    commentId: id,
    postId: other,
    parentId: null,
    authorId: other,
    status: 'pending',
  },
  'comment.approved': { commentId: id, postId: other, from: 'pending' },
  'comment.rejected': { commentId: id, postId: other, from: 'approved' },
  'comment.marked_spam': { commentId: id, postId: other, from: 'rejected' },
  'comment.deleted': { commentId: id, postId: other, removed: 3 },
}

function issuesOf(type: string, payload: unknown): readonly { path: string }[] {
  try {
    catalog.validate(type as BlogEventType, payload)
    return []
  } catch (error) {
    if (isCoreEventsError(error)) return error.issues
    throw error
  }
}

describe.each(blogEvents.map((definition) => [definition.type, definition] as const))(
  '%s',
  (type, definition) => {
    test('accepts the sample and picks the comment as its aggregate', () => {
      expect(issuesOf(type, samples[type])).toEqual([])
      expect(definition.aggregateId(catalog.validate(type, samples[type]) as never)).toBe(id)
    })

    test('rejects a nil comment id', () => {
      expect(issuesOf(type, { ...samples[type], commentId: NIL_UUID })).not.toEqual([])
    })
  },
)

test('every blog event has a sample; types do not clash with content events', () => {
  expect(blogEvents.map((d) => d.type).sort()).toEqual(Object.keys(samples).sort())
  expect(catalog.list()).toHaveLength(contentEvents.length + blogEvents.length)
})

test('a created comment is pending or approved, never rejected or spam', () => {
  expect(
    issuesOf('comment.created', { ...samples['comment.created'], status: 'spam' }),
  ).not.toEqual([])
})
