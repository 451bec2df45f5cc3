import { describe, expect, it } from 'vitest'
import { postUrlFromTemplate, siteUrls } from './blog-request'

describe('post URLs of the feeds', () => {
  it("fills a tenant's template, encoding the values", () => {
    expect(
      postUrlFromTemplate('https://shop.example/{locale}/journal/{slug}', {
        locale: 'pt-BR',
        slug: 'a b',
      }),
    ).toBe('https://shop.example/pt-BR/journal/a%20b')
  })

  it.each([
    ['not a string', 42],
    ['no slug placeholder', 'https://shop.example/{locale}'],
    ['not a URL', '{slug}'],
    ['not http(s)', 'javascript:alert(1)//{slug}'],
  ])('ignores a template with %s', (_, template) => {
    expect(postUrlFromTemplate(template, { locale: 'en', slug: 'x' })).toBeUndefined()
  })

  it("uses the tenant's domain, else the origin asked, else the template", async () => {
    const tenants = new Map<string, { domain: string | null; settings: Record<string, unknown> }>([
      ['a', { domain: 'blog.a.test', settings: {} }],
      ['b', { domain: null, settings: {} }],
      ['c', { domain: null, settings: { blogPostUrl: 'https://c.example/p/{slug}' } }],
    ])
    const urls = siteUrls((id) => Promise.resolve(tenants.get(id)))
    const target = { requestUrl: 'http://api.local:8080/x?y', locale: 'en', slug: 'hello' }
    expect(await urls.post('a', target)).toBe('https://blog.a.test/en/blog/hello')
    expect(await urls.post('b', target)).toBe('http://api.local:8080/en/blog/hello')
    expect(await urls.post('c', target)).toBe('https://c.example/p/hello')
  })
})
