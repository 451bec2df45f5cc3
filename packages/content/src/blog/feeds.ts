/** One entry of a feed. Links are absolute; times are `Date`s. */
export interface FeedItem {
  readonly id: string
  readonly title: string
  readonly link: string
  readonly summary: string | null
  readonly publishedAt: Date
  readonly updatedAt: Date
}

/** A feed: its title, the site it belongs to, its own URL and language, and its entries. */
export interface Feed {
  readonly title: string
  /** The site's (or blog's) absolute URL. */
  readonly link: string
  /** This feed's own absolute URL. */
  readonly selfUrl: string
  /** A BCP 47 locale, e.g. `en` or `pt-BR`. */
  readonly language: string
  readonly description: string
  readonly updatedAt: Date
  readonly items: readonly FeedItem[]
}

// Characters XML 1.0 cannot carry at all (controls other than tab, LF, CR; lone surrogates;
// U+FFFE/U+FFFF) are dropped rather than escaped: no escape makes them legal.
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are the characters being removed
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text for an XML element or a quoted attribute: markup characters escaped, illegal ones dropped. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;'
      case '<':
        return '&lt;'
      case '>':
        return '&gt;'
      case '"':
        return '&quot;'
      default:
        return '&apos;'
    }
  })
}

const element = (name: string, text: string): string => `<${name}>${escapeXml(text)}</${name}>`

/**
 * An RSS 2.0 document (with an `atom:link rel="self"`, as feed validators ask). `pubDate` is
 * RFC 822 in GMT; each item's `guid` is its stable id, not a link.
 */
export function renderRss(feed: Feed): string {
  const items = feed.items.map((item) =>
    [
      '<item>',
      element('title', item.title),
      element('link', item.link),
      `<guid isPermaLink="false">${escapeXml(`urn:uuid:${item.id}`)}</guid>`,
      element('pubDate', item.publishedAt.toUTCString()),
      item.summary === null ? '' : element('description', item.summary),
      '</item>',
    ].join(''),
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    element('title', feed.title),
    element('link', feed.link),
    element('description', feed.description),
    element('language', feed.language),
    element('lastBuildDate', feed.updatedAt.toUTCString()),
    `<atom:link href="${escapeXml(feed.selfUrl)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n')
}

/** An Atom 1.0 document: ids are `urn:uuid:` URIs, times RFC 3339, the language in `xml:lang`. */
export function renderAtom(feed: Feed): string {
  const entries = feed.items.map((item) =>
    [
      '<entry>',
      element('id', `urn:uuid:${item.id}`),
      `<title type="text">${escapeXml(item.title)}</title>`,
      `<link rel="alternate" href="${escapeXml(item.link)}"/>`,
      element('published', item.publishedAt.toISOString()),
      element('updated', item.updatedAt.toISOString()),
      item.summary === null ? '' : `<summary type="text">${escapeXml(item.summary)}</summary>`,
      '</entry>',
    ].join(''),
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">`,
    element('id', feed.selfUrl),
    `<title type="text">${escapeXml(feed.title)}</title>`,
    `<subtitle type="text">${escapeXml(feed.description)}</subtitle>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `<link rel="alternate" href="${escapeXml(feed.link)}"/>`,
    element('updated', feed.updatedAt.toISOString()),
    `<author>${element('name', feed.title)}</author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n')
}
