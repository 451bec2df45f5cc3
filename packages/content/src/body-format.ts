import { Marked } from 'marked'
import sanitize from 'sanitize-html'
import type { BodyFormat } from './content-tables'

// An allow-list: text structure, links, images, tables, code. No scripts, styles, forms, frames,
// SVG or event handlers; links and images only over http(s), mailto or relative URLs.
const OPTIONS: sanitize.IOptions = {
  allowedTags: [
    ...sanitize.defaults.allowedTags.filter((tag) => tag !== 'style'),
    'img',
    'figure',
    'figcaption',
    'picture',
    'source',
    'del',
    'ins',
    'sup',
    'sub',
  ],
  allowedAttributes: {
    a: ['href', 'name', 'title', 'rel', 'target'],
    img: ['src', 'srcset', 'alt', 'title', 'width', 'height', 'loading'],
    source: ['srcset', 'type', 'media'],
    code: ['class'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    ol: ['start', 'reversed'],
    '*': ['id', 'lang', 'dir'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  allowedClasses: { code: [/^language-[a-z0-9-]+$/] },
  transformTags: {
    // A link that opens a new tab cannot reach back into this page.
    a: (tagName, attribs) => {
      const safe = withoutScriptUrls(attribs)
      return safe.target === '_blank'
        ? { tagName, attribs: { ...safe, rel: 'noopener noreferrer' } }
        : { tagName, attribs: safe }
    },
    img: (tagName, attribs) => ({ tagName, attribs: withoutScriptUrls(attribs) }),
  },
}

// Defence in depth beyond the scheme allow-list: a URL that names a script scheme anywhere, once
// quotes, backticks and whitespace are gone (old browsers read `javascript:` inside backticks),
// is dropped.
const SCRIPT_SCHEME = /(javascript|vbscript|data):/i
function withoutScriptUrls(attribs: sanitize.Attributes): sanitize.Attributes {
  const out: sanitize.Attributes = {}
  for (const [name, value] of Object.entries(attribs)) {
    const isUrl = name === 'href' || name === 'src' || name === 'srcset'
    if (isUrl && SCRIPT_SCHEME.test(value.replace(/[\s`'"]/g, ''))) continue
    out[name] = value
  }
  return out
}

/**
 * Cleans untrusted HTML with an allow-list (sanitize-html): scripts, styles, event handlers,
 * `javascript:` and `data:` URLs, SVG and frames are removed; text is kept.
 *
 * @example
 * ```ts
 * sanitizeHtml('<p onclick="x()">Hi<script>alert(1)</script></p>') // '<p>Hi</p>'
 * ```
 */
export function sanitizeHtml(html: string): string {
  return sanitize(html, OPTIONS)
}

// Raw HTML inside markdown is kept by the renderer and removed by the sanitiser afterwards.
const markdown = new Marked({ gfm: true, async: false })

/** Renders markdown to HTML (GitHub flavour), then sanitises it like any HTML body. */
export function renderMarkdown(text: string): string {
  return sanitizeHtml(markdown.parse(text, { async: false }))
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/**
 * What a body is stored as: HTML is sanitised on write, other formats are stored as written
 * (`json` must parse).
 */
export function bodyForStorage(format: BodyFormat, body: string): string {
  return format === 'html' ? sanitizeHtml(body) : body
}

/**
 * A stored body as HTML, for readers asking `format=html`: markdown rendered and sanitised, plain
 * text escaped into paragraphs; `undefined` for JSON (it has no HTML form).
 */
export function bodyAsHtml(format: BodyFormat, body: string): string | undefined {
  if (format === 'html') return body
  if (format === 'markdown') return renderMarkdown(body)
  if (format === 'plain')
    return body
      .split(/\n{2,}/)
      .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
      .join('\n')
  return undefined
}
