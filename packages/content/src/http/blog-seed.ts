import type { CommentService, PostService } from '../blog/index'
import type { CategoryService, ContentActor, TagService } from '../index'

const SEED_ACTOR: ContentActor = { userId: null, scope: 'all' }
const DAY_MS = 86_400_000

/** Readers of the demo blog (their ids; the demo has no accounts for them). */
const READERS = [
  '0193a1b2-0000-7000-8000-000000000001',
  '0193a1b2-0000-7000-8000-000000000002',
  '0193a1b2-0000-7000-8000-000000000003',
] as const

const POSTS = [
  {
    en: {
      title: 'Why we built a headless shop',
      excerpt: 'One API for the catalogue, the blog and the pages of a shop.',
      body:
        '# Why headless\n\nA shop is more than a cart. It tells stories, answers questions and ' +
        'keeps its pages in several languages. **RusToK** serves all of it from one API, so the ' +
        'storefront can be anything: a website, an app or a kiosk.\n\n' +
        'Every text has a translation per locale, and a reader who asks for a language the text ' +
        'lacks gets the closest one the shop has.',
    },
    ru: {
      title: 'Зачем мы сделали headless-магазин',
      excerpt: 'Один API для каталога, блога и страниц магазина.',
      body:
        '# Зачем headless\n\nМагазин — это не только корзина. Он рассказывает истории, отвечает ' +
        'на вопросы и держит страницы на нескольких языках. **RusToK** отдаёт всё это через один ' +
        'API, а витрина может быть любой: сайт, приложение или киоск.',
    },
    tags: ['News'],
    comments: [
      { body: 'Great read, looking forward to the next post!', approved: true },
      { body: 'Does it support more than two languages?', approved: true, replyTo: 1 },
      { body: 'Buy cheap watches here!!!', approved: false },
    ],
  },
  {
    en: {
      title: 'Caring for linen',
      excerpt: 'Wash cold, dry flat, iron damp: linen lasts for decades.',
      body:
        'Linen gets softer with every wash. Wash it cold with a mild detergent, dry it flat out ' +
        'of direct sun and iron it while still damp. Never bleach it.',
    },
    tags: ['Guides'],
    comments: [{ body: 'Thanks, my shirts needed this.', approved: true }],
  },
  {
    en: {
      title: 'Autumn collection preview',
      excerpt: 'A first look at what arrives next month.',
      body: 'Wool, corduroy and warm colours. The full collection is out next month.',
    },
    ru: {
      title: 'Осенняя коллекция: первый взгляд',
      excerpt: 'Что появится в магазине в следующем месяце.',
      body: 'Шерсть, вельвет и тёплые цвета. Вся коллекция — в следующем месяце.',
    },
    tags: ['News'],
    scheduleInDays: 7,
    comments: [],
  },
] as const

/**
 * The demo blog: a category, two tags, two published posts (one in English only) with approved and
 * pending comments and a reply, and a post scheduled for next week.
 */
export async function seedDemoBlog(
  services: {
    readonly posts: PostService
    readonly comments: CommentService
    readonly categories: CategoryService
    readonly tags: TagService
  },
  tenant: { readonly id: string; readonly now: () => Date },
): Promise<void> {
  const { posts, comments, categories, tags } = services
  const tenantId = tenant.id
  const category = await categories.create(
    tenantId,
    {
      translations: [
        { locale: 'en', name: 'Journal' },
        { locale: 'ru', name: 'Журнал' },
      ],
    },
    SEED_ACTOR,
  )
  const tagIds = new Map<string, string>()
  for (const name of ['News', 'Guides']) {
    const tag = await tags.create(tenantId, { translations: [{ locale: 'en', name }] }, SEED_ACTOR)
    tagIds.set(name, tag.id)
  }
  for (const item of POSTS) {
    const locales = 'ru' in item ? (['en', 'ru'] as const) : (['en'] as const)
    const text = (locale: 'en' | 'ru') => (locale === 'ru' && 'ru' in item ? item.ru : item.en)
    const scheduled = 'scheduleInDays' in item
    const post = await posts.create(
      tenantId,
      {
        status: scheduled ? 'draft' : 'published',
        categoryId: category.id,
        translations: locales.map((locale) => ({
          locale,
          title: text(locale).title,
          excerpt: text(locale).excerpt,
        })),
        bodies: locales.map((locale) => ({ locale, body: text(locale).body })),
        ...(scheduled
          ? { publishAt: new Date(tenant.now().getTime() + item.scheduleInDays * DAY_MS) }
          : {}),
      },
      SEED_ACTOR,
    )
    const ref = { tenantId, id: post.id }
    for (const name of item.tags)
      await tags.attach({ node: ref, tagId: tagIds.get(name) ?? '' }, SEED_ACTOR)
    const made: string[] = []
    for (const [index, comment] of item.comments.entries()) {
      const parentId = 'replyTo' in comment ? made[comment.replyTo - 1] : undefined
      const created = await comments.create(
        ref,
        { body: comment.body, ...(parentId ? { parentId } : {}) },
        { userId: READERS[index % READERS.length] ?? READERS[0] },
      )
      made.push(created.id)
      if (comment.approved)
        await comments.moderate({ tenantId, id: created.id }, 'approve', SEED_ACTOR)
    }
  }
}
