import { createEventCatalog, isCoreEventsError, NIL_UUID } from '@rustok/core-events'
import { expect, test } from 'vitest'
import { blogEvents } from '../blog/blog-events'
import { contentEvents } from '../content-events'
import { forumEvents, type ForumEventType } from './forum-events'

const id = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
const other = '0190a0d4-7f55-7c1e-9c1a-bbbbbbbbbbbb'
const catalog = createEventCatalog(contentEvents, blogEvents, forumEvents)

/** A valid payload of every forum event, and the field naming its aggregate. */
const samples: Record<ForumEventType, { payload: Record<string, unknown>; key: string }> = {
  'forum_category.created': { payload: { categoryId: id, moderated: true }, key: 'categoryId' },
  'forum_category.updated': { payload: { categoryId: id, moderated: false }, key: 'categoryId' },
  'forum_topic.opened': {
    payload: { topicId: id, categoryId: other, authorId: other },
    key: 'topicId',
  },
  'forum_topic.changed': { payload: { topicId: id, change: 'locked' }, key: 'topicId' },
  'forum_topic.moved': { payload: { topicId: id, from: other, to: other }, key: 'topicId' },
  'forum_reply.created': {
    payload: { replyId: id, topicId: other, parentId: null, authorId: other, status: 'pending' },
    key: 'replyId',
  },
  'forum_reply.moderated': {
    payload: { replyId: id, topicId: other, from: 'pending', to: 'hidden' },
    key: 'replyId',
  },
}

function issuesOf(type: string, payload: unknown): readonly { path: string }[] {
  try {
    catalog.validate(type as ForumEventType, payload)
    return []
  } catch (error) {
    if (isCoreEventsError(error)) return error.issues
    throw error
  }
}

test.each(forumEvents.map((definition) => [definition.type, definition] as const))(
  '%s accepts its sample, picks its aggregate and refuses a nil id',
  (type, definition) => {
    const { payload, key } = samples[type]
    expect(issuesOf(type, payload)).toEqual([])
    expect(definition.aggregateId(catalog.validate(type, payload) as never)).toBe(id)
    expect(issuesOf(type, { ...payload, [key]: NIL_UUID })).not.toEqual([])
  },
)

test('every forum event has a sample; types do not clash with content and blog events', () => {
  expect(forumEvents.map((d) => d.type).sort()).toEqual(Object.keys(samples).sort())
  expect(catalog.list()).toHaveLength(contentEvents.length + blogEvents.length + forumEvents.length)
})

test('a new reply is pending or approved, never hidden', () => {
  const { payload } = samples['forum_reply.created']
  expect(issuesOf('forum_reply.created', { ...payload, status: 'hidden' })).not.toEqual([])
})
