import type { ContentActor } from '../index'
import type { MenuService, PageService } from '../pages/index'

const SEED_ACTOR: ContentActor = { userId: null, scope: 'all' }

/**
 * The demo tenant's pages: a published Our story page (hero, text, features, FAQ, call to action) in
 * English and Russian, a draft Careers page, and a header menu linking them and the blog.
 */
export async function seedDemoPages(
  services: { readonly pages: PageService; readonly menus: MenuService },
  tenantId: string,
): Promise<void> {
  const { pages, menus } = services
  const story = await pages.create(
    tenantId,
    {
      template: 'landing',
      status: 'published',
      translations: [
        { locale: 'en', title: 'Our story', slug: 'our-story' },
        { locale: 'ru', title: 'Наша история', slug: 'nasha-istoriya' },
      ],
    },
    SEED_ACTOR,
  )
  const page = { tenantId, pageId: story.id }
  const blocks = [
    {
      type: 'hero',
      data: { ctaUrl: '/shop' },
      texts: {
        en: {
          title: 'Made to last',
          subtitle: 'A small shop with a big catalogue.',
          ctaLabel: 'Shop now',
        },
        ru: {
          title: 'Сделано на века',
          subtitle: 'Маленький магазин с большим каталогом.',
          ctaLabel: 'В магазин',
        },
      },
    },
    {
      type: 'text',
      data: { format: 'markdown' },
      texts: {
        en: {
          body: 'We started in **2026** with three products and one rule: *ship what we would buy*.',
        },
        ru: {
          body: 'Мы начали в **2026** году с трёх товаров и одного правила: *продавать то, что купили бы сами*.',
        },
      },
    },
    {
      type: 'features',
      data: { columns: 3 },
      texts: {
        en: {
          title: 'Why us',
          items: [
            { title: 'Fast delivery', body: 'Two days in the EU.' },
            { title: 'Fair prices', body: 'No hidden fees.' },
            { title: 'Real support', body: 'People, not bots.' },
          ],
        },
      },
    },
    {
      type: 'faq',
      data: {},
      texts: {
        en: { items: [{ question: 'Do you ship abroad?', answer: 'Yes, to the EU and the US.' }] },
        ru: { items: [{ question: 'Доставляете за границу?', answer: 'Да, в ЕС и США.' }] },
      },
    },
    {
      type: 'cta',
      data: { url: '/blog' },
      texts: { en: { title: 'Read our story', label: 'To the blog' } },
    },
  ] as const
  for (const block of blocks) await pages.addBlock(page, block, SEED_ACTOR)
  await pages.create(
    tenantId,
    { translations: [{ locale: 'en', title: 'Careers', slug: 'careers' }] },
    SEED_ACTOR,
  )
  await menus.set(
    { tenantId, location: 'header' },
    {
      name: 'Main',
      items: [
        { labels: { en: 'Our story', ru: 'Наша история' }, nodeId: story.id },
        { labels: { en: 'Blog', ru: 'Блог' }, url: '/blog' },
      ],
    },
    SEED_ACTOR,
  )
}
