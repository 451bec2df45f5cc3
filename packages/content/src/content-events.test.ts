import { createEventCatalog, isCoreEventsError, NIL_UUID } from '@rustok/core-events'
import { describe, expect, test } from 'vitest'
import { contentEvents } from './content-events'
import type { ContentEventType } from './content-events'

const id = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
const other = '0190a0d4-7f55-7c1e-9c1a-bbbbbbbbbbbb'
const catalog = createEventCatalog(contentEvents)

/** A valid payload of every content event and the field that holds its aggregate id. */
const samples: Record<ContentEventType, { payload: Record<string, unknown>; idField: string }> = {
  'node.created': { payload: { nodeId: id, kind: 'post', authorId: other }, idField: 'nodeId' },
  'node.updated': { payload: { nodeId: id, kind: 'post' }, idField: 'nodeId' },
  'node.translation.updated': { payload: { nodeId: id, locale: 'de' }, idField: 'nodeId' },
  'node.published': { payload: { nodeId: id, kind: 'page' }, idField: 'nodeId' },
  'node.unpublished': { payload: { nodeId: id, kind: 'page' }, idField: 'nodeId' },
  'node.deleted': { payload: { nodeId: id, kind: 'forum_topic' }, idField: 'nodeId' },
  'node.archived': { payload: { nodeId: id, kind: 'post' }, idField: 'nodeId' },
  'node.restored': { payload: { nodeId: id, kind: 'post' }, idField: 'nodeId' },
  'node.moved': { payload: { nodeId: id, kind: 'page', parentId: other }, idField: 'nodeId' },
  'node.purged': { payload: { nodeId: id, kind: 'post' }, idField: 'nodeId' },
  'body.updated': { payload: { nodeId: id, locale: 'en' }, idField: 'nodeId' },
  'category.created': { payload: { categoryId: id }, idField: 'categoryId' },
  'category.updated': { payload: { categoryId: id }, idField: 'categoryId' },
  'category.deleted': { payload: { categoryId: id }, idField: 'categoryId' },
  'tag.created': { payload: { tagId: id }, idField: 'tagId' },
  'tag.attached': { payload: { tagId: id, targetType: 'node', targetId: other }, idField: 'tagId' },
  'tag.detached': { payload: { tagId: id, targetType: 'node', targetId: other }, idField: 'tagId' },
  'tag.deleted': { payload: { tagId: id }, idField: 'tagId' },
  'media.uploaded': {
    payload: { mediaId: id, mimeType: 'image/png', size: 0 },
    idField: 'mediaId',
  },
  'media.deleted': { payload: { mediaId: id }, idField: 'mediaId' },
  'media.updated': { payload: { mediaId: id, locales: ['en'] }, idField: 'mediaId' },
}

function issuesOf(type: string, payload: unknown): readonly { path: string; message: string }[] {
  try {
    catalog.validate(type as ContentEventType, payload)
    return []
  } catch (error) {
    if (isCoreEventsError(error)) return error.issues
    throw error
  }
}

describe.each(contentEvents.map((definition) => [definition.type, definition] as const))(
  '%s',
  (type, definition) => {
    const sample = samples[type]

    test('accepts the sample and picks its aggregate id', () => {
      expect(issuesOf(type, sample.payload)).toEqual([])
      expect(definition.aggregateId(catalog.validate(type, sample.payload) as never)).toBe(id)
    })

    test('rejects a nil UUID in its aggregate id field', () => {
      expect(issuesOf(type, { ...sample.payload, [sample.idField]: NIL_UUID })).toEqual([
        { path: `payload.${sample.idField}`, message: 'must not be the nil UUID' },
      ])
    })
  },
)

describe('content payload rules', () => {
  test('every content event has a sample, and a catalogue takes them all', () => {
    expect(contentEvents.map((definition) => definition.type).sort()).toEqual(
      Object.keys(samples).sort(),
    )
    expect(createEventCatalog(contentEvents).list()).toHaveLength(contentEvents.length)
  })

  // The original checked the characters of `kind` in node.created only.
  test.each([
    'node.created',
    'node.updated',
    'node.published',
    'node.unpublished',
    'node.deleted',
  ] as const)('%s applies the kind rule', (type) => {
    const kindIssues = (kind: string): string[] =>
      issuesOf(type, { nodeId: id, kind }).map((issue) => issue.path)
    expect(kindIssues('blog post')).toEqual(['payload.kind'])
    expect(kindIssues('')).toEqual(['payload.kind'])
    expect(kindIssues('x'.repeat(65))).toEqual(['payload.kind'])
    expect(kindIssues('статья')).toEqual([])
  })

  test('node.created rejects a nil author id', () => {
    expect(issuesOf('node.created', { nodeId: id, kind: 'post', authorId: NIL_UUID })).toEqual([
      { path: 'payload.authorId', message: 'must not be the nil UUID' },
    ])
  })

  test('locales are non-empty and at most 10 bytes', () => {
    expect(issuesOf('body.updated', { nodeId: id, locale: ' ' })).toEqual([
      { path: 'payload.locale', message: 'must not be empty' },
    ])
    expect(issuesOf('node.translation.updated', { nodeId: id, locale: 'en-GB-oxendict' })).toEqual([
      { path: 'payload.locale', message: 'must be at most 10 bytes (UTF-8)' },
    ])
  })

  test('media.uploaded needs a MIME type and a size ≥ 0', () => {
    expect(issuesOf('media.uploaded', { mediaId: id, mimeType: 'png', size: -1 })).toEqual([
      { path: 'payload.mimeType', message: 'must be a MIME type such as "image/png"' },
      { path: 'payload.size', message: 'must be ≥ 0' },
    ])
  })

  test('tag links need a target type and a real target id', () => {
    expect(
      issuesOf('tag.attached', { tagId: id, targetType: '', targetId: NIL_UUID }).map(
        (i) => i.path,
      ),
    ).toEqual(['payload.targetType', 'payload.targetId'])
  })
})
