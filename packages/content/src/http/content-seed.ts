import type { ContentActor, NodeService } from '../index'

const SEED_ACTOR: ContentActor = { userId: null, scope: 'all' }

const PAGES = [
  {
    kind: 'page',
    en: { title: 'About us', body: '# About us\n\nWe make **RusToK**, a headless CMS and shop.' },
    ru: { title: 'О нас', body: '# О нас\n\nМы делаем **RusToK** — headless CMS и магазин.' },
  },
  {
    kind: 'page',
    en: { title: 'Contact', body: 'Write to hello@example.com.' },
    ru: { title: 'Контакты', body: 'Пишите на hello@example.com.' },
  },
  {
    kind: 'post',
    en: { title: 'Hello, world', body: 'The first post of the demo shop.' },
    ru: { title: 'Привет, мир', body: 'Первая запись демо-магазина.' },
  },
  {
    kind: 'post',
    en: { title: 'Spring collection', body: 'New arrivals, *in English only*.' },
  },
] as const

/**
 * The demo tenant's content: two pages and two posts, published, in English and Russian (one post
 * in English only, so a Russian reader sees the fallback at work).
 */
export async function seedDemoContent(
  nodes: NodeService,
  tenant: { readonly id: string; readonly addLocale: () => Promise<void> },
): Promise<void> {
  await tenant.addLocale()
  for (const item of PAGES) {
    const locales = 'ru' in item ? (['en', 'ru'] as const) : (['en'] as const)
    await nodes.create(
      tenant.id,
      {
        kind: item.kind,
        status: 'published',
        translations: locales.map((locale) => ({ locale, title: item[locale as 'en'].title })),
        bodies: locales.map((locale) => ({ locale, body: item[locale as 'en'].body })),
      },
      SEED_ACTOR,
    )
  }
}
