import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { ROBOTS_DIRECTIVES, SeoInputSchema, STRUCTURED_DATA_MAX_BYTES } from './seo-schemas'

// U+0000 and unpaired surrogates, which PostgreSQL's jsonb refuses.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u

function hasUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value)
  if (typeof value !== 'object' || value === null) return false
  return Object.entries(value).some(
    ([key, item]) => UNSTORABLE.test(key) || hasUnstorableText(item),
  )
}

const robotsOf = (robots: string) => v.safeParse(SeoInputSchema, { robots })

describe('SEO input (property)', () => {
  it('robots: any accepted value is normalised once and for all, within the column limit', () => {
    const directive = fc.oneof(
      fc.constantFrom(...ROBOTS_DIRECTIVES),
      fc.constantFrom('noindex', 'NoFollow', ' index '),
      fc.integer({ min: -1, max: 999 }).map((n) => `max-snippet:${n}`),
      fc.string({ maxLength: 12 }),
    )
    fc.assert(
      fc.property(fc.array(directive, { maxLength: 6 }), (parts) => {
        const first = robotsOf(parts.join(','))
        if (!first.success) return
        const robots = first.output.robots ?? ''
        expect(robots).toMatch(/^[a-z0-9:_-]+(,[a-z0-9:_-]+)*$/)
        expect(robots.length).toBeLessThanOrEqual(100)
        const again = robotsOf(robots)
        expect(again.success && again.output.robots).toBe(robots)
        const set = robots.split(',')
        expect(set.includes('index') && set.includes('noindex')).toBe(false)
        expect(set.includes('follow') && set.includes('nofollow')).toBe(false)
      }),
      { numRuns: 1000 },
    )
  })

  it('structuredData: what is accepted is a JSON object or array that round-trips, ≤ 32 KiB', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const parsed = v.safeParse(SeoInputSchema, { structuredData: value })
        if (!parsed.success) {
          // Refused only when it is not a container or cannot be stored as it is.
          const isContainer = typeof value === 'object' && value !== null
          const tooBig = Buffer.byteLength(JSON.stringify(value)) > STRUCTURED_DATA_MAX_BYTES
          expect(!isContainer || tooBig || hasUnstorableText(value)).toBe(true)
          return
        }
        const data = parsed.output.structuredData
        // null clears the field.
        if (value === null) {
          expect(data).toBeNull()
          return
        }
        expect(typeof data === 'object' && data !== null).toBe(true)
        // Stored as JSON text: what is kept is what reads back (-0 is 0 in JSON, and that is fine).
        const text = JSON.stringify(data)
        expect(JSON.stringify(JSON.parse(text))).toBe(text)
        expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThanOrEqual(
          STRUCTURED_DATA_MAX_BYTES,
        )
      }),
      { numRuns: 500 },
    )
  })

  it('URLs: only absolute http and https are accepted', () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ['http', 'https', 'ftp', 'javascript'] }), (url) => {
        const parsed = v.safeParse(SeoInputSchema, { canonicalUrl: url, openGraph: { image: url } })
        const scheme = url.slice(0, url.indexOf(':'))
        if (parsed.success) expect(['http', 'https']).toContain(scheme)
        else if (['http', 'https'].includes(scheme)) expect(url.length).toBeGreaterThan(2000)
      }),
      { numRuns: 500 },
    )
  })
})
