import fc from 'fast-check'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { escapeXml, renderAtom, renderRss, type Feed } from './feeds'

const parser = new XMLParser({
  ignoreAttributes: false,
  processEntities: true,
  parseTagValue: false,
})

/** The value at a path of the parsed document, e.g. `rss/channel/item/title`. */
const at = (xml: string, path: string): unknown =>
  path
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], parser.parse(xml))

const feed = (title: string, summary: string | null = 'Sum & <b>more</b>'): Feed => ({
  title,
  link: 'https://blog.example.com/',
  selfUrl: 'https://blog.example.com/feed?a=1&b=2',
  language: 'pt-BR',
  description: 'A "blog"',
  updatedAt: new Date('2026-12-01T10:00:00.000Z'),
  items: [
    {
      id: '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e',
      title,
      link: 'https://blog.example.com/p?x=1&y=<2>',
      summary,
      publishedAt: new Date('2026-11-30T09:00:00.000Z'),
      updatedAt: new Date('2026-12-01T09:00:00.000Z'),
    },
  ],
})

describe('feeds', () => {
  it('RSS 2.0: a valid document whose texts read back exactly', () => {
    const xml = renderRss(feed('Tom & Jerry <3 "quotes" \'n\' ]]>'))
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(at(xml, 'rss/@_version')).toBe('2.0')
    expect(at(xml, 'rss/channel/language')).toBe('pt-BR')
    expect(at(xml, 'rss/channel/atom:link/@_href')).toBe('https://blog.example.com/feed?a=1&b=2')
    expect(at(xml, 'rss/channel/item/title')).toBe('Tom & Jerry <3 "quotes" \'n\' ]]>')
    expect(at(xml, 'rss/channel/item/link')).toBe('https://blog.example.com/p?x=1&y=<2>')
    expect(at(xml, 'rss/channel/item/pubDate')).toBe('Mon, 30 Nov 2026 09:00:00 GMT')
    expect(at(xml, 'rss/channel/item/description')).toBe('Sum & <b>more</b>')
  })

  it('Atom 1.0: a valid document with ids, RFC 3339 times and the language', () => {
    const xml = renderAtom(feed('Ünïcode ✓', null))
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(at(xml, 'feed/@_xmlns')).toBe('http://www.w3.org/2005/Atom')
    expect(at(xml, 'feed/@_xml:lang')).toBe('pt-BR')
    expect(at(xml, 'feed/entry/id')).toBe('urn:uuid:0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e')
    expect(at(xml, 'feed/entry/title/#text')).toBe('Ünïcode ✓')
    expect(at(xml, 'feed/entry/published')).toBe('2026-11-30T09:00:00.000Z')
    expect(at(xml, 'feed/entry/summary')).toBeUndefined()
  })

  it('any text, control characters and lone surrogates included, keeps both feeds valid XML', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        for (const xml of [renderRss(feed(text, text)), renderAtom(feed(text, text))]) {
          expect(XMLValidator.validate(xml)).toBe(true)
          // XML 1.0's Char production (the parser above does not check characters).
          expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u)
        }
        expect(escapeXml(text)).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos);)/)
      }),
      { numRuns: 300 },
    )
  })
})
