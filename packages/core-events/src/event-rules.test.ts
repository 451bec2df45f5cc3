import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import {
  boundedText,
  currencyCode,
  emailAddress,
  kindName,
  NIL_UUID,
  nonEmptyText,
  nonNegativeInt,
  nonNilUuid,
} from './event-rules'

function messageOf(schema: v.GenericSchema, value: unknown): string | undefined {
  const result = v.safeParse(schema, value)
  return result.success ? undefined : result.issues[0].message
}

describe('nonNilUuid', () => {
  test('accepts any UUID version in either case', () => {
    expect(messageOf(nonNilUuid(), '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e')).toBeUndefined()
    expect(messageOf(nonNilUuid(), '6F9619FF-8B86-D011-B42D-00C04FC964FF')).toBeUndefined()
  })
  test('rejects the nil UUID, non-UUIDs and non-strings', () => {
    expect(messageOf(nonNilUuid(), NIL_UUID)).toBe('must not be the nil UUID')
    expect(messageOf(nonNilUuid(), 'not-a-uuid')).toBe('must be a UUID')
    expect(messageOf(nonNilUuid(), 42)).toBe('must be a string')
  })
})

describe('nonEmptyText', () => {
  test('rejects blank text after trimming', () => {
    expect(messageOf(nonEmptyText(10), '')).toBe('must not be empty')
    expect(messageOf(nonEmptyText(10), ' \t\n ')).toBe('must not be empty')
  })
  test('counts the limit in UTF-8 bytes, like the original', () => {
    expect(messageOf(nonEmptyText(4), 'abcd')).toBeUndefined()
    expect(messageOf(nonEmptyText(4), 'abcde')).toBe('must be at most 4 bytes (UTF-8)')
    // "é" is one UTF-16 unit but two UTF-8 bytes: 3 characters, 6 bytes.
    expect(messageOf(nonEmptyText(5), 'ééé')).toBe('must be at most 5 bytes (UTF-8)')
  })
})

describe('boundedText', () => {
  test('allows empty text but not more than the byte limit', () => {
    expect(messageOf(boundedText(3), '')).toBeUndefined()
    expect(messageOf(boundedText(3), '😀')).toBe('must be at most 3 bytes (UTF-8)')
  })
})

describe('currencyCode', () => {
  test.each(['EUR', 'USD', 'JPY'])('accepts %s', (code) => {
    expect(messageOf(currencyCode(), code)).toBeUndefined()
  })
  test.each(['eur', 'EU', 'EURO', 'ÉUR', 'E1R'])('rejects %s', (code) => {
    expect(messageOf(currencyCode(), code)).toBe('must be a 3-letter uppercase ISO 4217 code')
  })
})

describe('nonNegativeInt', () => {
  test('accepts 0 and the largest safe integer', () => {
    expect(messageOf(nonNegativeInt(), 0)).toBeUndefined()
    expect(messageOf(nonNegativeInt(), Number.MAX_SAFE_INTEGER)).toBeUndefined()
  })
  test('rejects negatives, fractions, unsafe integers and strings', () => {
    expect(messageOf(nonNegativeInt(), -1)).toBe('must be ≥ 0')
    expect(messageOf(nonNegativeInt(), 1.5)).toBe('must be a safe integer')
    expect(messageOf(nonNegativeInt(), 2 ** 53)).toBe('must be a safe integer')
    expect(messageOf(nonNegativeInt(), '1')).toBe('must be a number')
  })
})

describe('kindName', () => {
  test.each(['post', 'blog_post', 'forum-topic', 'статья', '記事2'])('accepts %s', (kind) => {
    expect(messageOf(kindName(), kind)).toBeUndefined()
  })
  test.each(['', 'blog post', 'post!', 'a/b'])('rejects %j', (kind) => {
    expect(messageOf(kindName(), kind)).toBe('must be non-empty letters, digits, "-" or "_"')
  })
  test('is limited to 64 UTF-8 bytes', () => {
    expect(messageOf(kindName(), 'a'.repeat(64))).toBeUndefined()
    expect(messageOf(kindName(), 'я'.repeat(33))).toBe('must be at most 64 bytes (UTF-8)')
  })
})

describe('emailAddress', () => {
  test('accepts a normal address and rejects malformed ones', () => {
    expect(messageOf(emailAddress(), 'ada@example.com')).toBeUndefined()
    expect(messageOf(emailAddress(), 'ada@')).toBe('must be an e-mail address')
    expect(messageOf(emailAddress(), 'a.b@c')).toBe('must be an e-mail address')
  })
  test('is limited to 255 UTF-8 bytes', () => {
    expect(messageOf(emailAddress(), `${'a'.repeat(250)}@x.com`)).toBe(
      'must be at most 255 bytes (UTF-8)',
    )
  })
})
