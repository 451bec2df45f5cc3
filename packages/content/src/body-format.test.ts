import { describe, expect, it } from 'vitest'
import { bodyAsHtml, bodyForStorage, renderMarkdown, sanitizeHtml } from './body-format'

// Payloads from the OWASP XSS filter evasion cheat sheet and common scanner lists: script tags,
// event handlers, javascript:/data:/vbscript: URLs, SVG and MathML payloads, CSS expressions,
// frames, forms, meta refresh and encoding tricks.
const CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(1);">',
  '<img src="jav&#x09;ascript:alert(1)">',
  '<img src=`javascript:alert(1)`>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="  javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="width: expression(alert(1))">x</div>',
  '<style>@import "javascript:alert(1)";</style>',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<p onclick="alert(1)" onmouseover=alert(1)>hi</p>',
  '<a href="x" onfocus=alert(1) autofocus>x</a>',
  '"><script>alert(1)</script>',
  '<img """><script>alert(1)</script>">',
  '<<script>alert(1);//<</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<img srcset="javascript:alert(1) 1x">',
  '<a href="http://ok.example" target="_blank">ok</a>',
]

/** Whether sanitised HTML still carries something a browser would run. */
function dangerous(raw: string): string | undefined {
  // Decode numeric entities and drop the whitespace browsers ignore inside a URL scheme.
  const html = raw
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/[\t\n\r`]/g, '')
  const checks: [RegExp, string][] = [
    [/<\s*script/i, 'script tag'],
    [/<\s*(iframe|object|embed|form|meta|link|base|style|svg|math|template)\b/i, 'forbidden tag'],
    [/\son[a-z]+\s*=/i, 'event handler'],
    [/(javascript|vbscript|data)\s*:/i, 'script URL'],
    [/expression\s*\(/i, 'CSS expression'],
    [/\sstyle\s*=/i, 'style attribute'],
  ]
  return checks.find(([pattern]) => pattern.test(html))?.[1]
}

describe('sanitizeHtml', () => {
  it.each(CORPUS)('leaves nothing runnable of %s', (payload) => {
    expect(dangerous(sanitizeHtml(payload))).toBeUndefined()
  })

  it('the detector finds every payload before sanitising (so the test can fail)', () => {
    const undetected = CORPUS.slice(0, -1).filter((payload) => dangerous(payload) === undefined)
    expect(undetected).toEqual([])
  })

  it('keeps ordinary markup, and a new tab cannot reach back into the page', () => {
    expect(sanitizeHtml('<h2 id="a">T</h2><p>a <strong>b</strong> <a href="/x">c</a></p>')).toBe(
      '<h2 id="a">T</h2><p>a <strong>b</strong> <a href="/x">c</a></p>',
    )
    expect(sanitizeHtml('<a href="https://ok.example" target="_blank">ok</a>')).toBe(
      '<a href="https://ok.example" target="_blank" rel="noopener noreferrer">ok</a>',
    )
  })
})

describe('bodies', () => {
  it('stores HTML sanitised and other formats as written', () => {
    expect(bodyForStorage('html', '<p onclick="x()">Hi</p><script>x()</script>')).toBe('<p>Hi</p>')
    expect(bodyForStorage('markdown', '<script>x()</script>')).toBe('<script>x()</script>')
  })

  it('renders markdown to sanitised HTML, raw HTML inside it included', () => {
    const html = renderMarkdown(
      '# Title\n\n**bold** [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    )
    expect(html).toContain('<h1>Title</h1>')
    expect(html).toContain('<strong>bold</strong>')
    expect(dangerous(html)).toBeUndefined()
  })

  it('escapes plain text into paragraphs and has no HTML for JSON', () => {
    expect(bodyAsHtml('plain', 'a <b>\n\nc')).toBe('<p>a &#60;b&#62;</p>\n<p>c</p>')
    expect(bodyAsHtml('json', '{}')).toBeUndefined()
  })
})
