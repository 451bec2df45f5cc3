import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { IdSchema, LocaleSchema, SlugSchema } from '../internal/parse-input'
import { slugFromTitle } from './slugs'

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

describe('slugFromTitle (property)', () => {
  it('always gives a slug the database and SlugSchema accept, at most 180 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (title) => {
        const slug = slugFromTitle(title, 'post')
        expect(slug).toMatch(SLUG)
        expect(slug.length).toBeLessThanOrEqual(180)
        expect(v.is(SlugSchema, slug)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('transliterates other scripts instead of dropping them', () => {
    expect(slugFromTitle('Привет, мир!', 'post')).toBe('privet-mir')
    expect(slugFromTitle('Grüße aus Köln', 'post')).toBe('gruesse-aus-koeln')
    expect(slugFromTitle('🎉🎉', 'forum_topic')).toBe('forum-topic')
  })
})

describe('input schemas (property)', () => {
  it('SlugSchema accepts exactly the slug shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const lower = text.trim().toLowerCase()
        expect(v.is(SlugSchema, text)).toBe(SLUG.test(lower) && lower.length <= 200)
      }),
      { numRuns: 1000 },
    )
  })

  it('LocaleSchema normalises any accepted code to one canonical form', () => {
    const code = fc
      .tuple(
        fc.stringMatching(/^[A-Za-z]{2}$/),
        fc.option(fc.stringMatching(/^[A-Za-z]{2}$/), { nil: undefined }),
        fc.constantFrom('-', '_'),
      )
      .map(([language, region, sep]) => (region ? `${language}${sep}${region}` : language))
    fc.assert(
      fc.property(code, (raw) => {
        const parsed = v.parse(LocaleSchema, raw)
        expect(parsed).toMatch(/^[a-z]{2}(-[A-Z]{2})?$/)
        expect(v.parse(LocaleSchema, parsed)).toBe(parsed)
      }),
    )
  })

  it('IdSchema refuses the nil UUID and anything not a UUID', () => {
    expect(v.is(IdSchema, '00000000-0000-0000-0000-000000000000')).toBe(false)
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(v.parse(IdSchema, id.toUpperCase())).toBe(id.toLowerCase())
      }),
    )
  })
})
