import * as v from 'valibot'

/** The 15 block types of a page (the original's set). */
export const BLOCK_TYPES = [
  'hero',
  'text',
  'image',
  'gallery',
  'cta',
  'features',
  'testimonials',
  'pricing',
  'faq',
  'contact',
  'product_grid',
  'newsletter',
  'video',
  'html',
  'spacer',
] as const

/** One of {@link BLOCK_TYPES}. */
export type BlockType = (typeof BLOCK_TYPES)[number]

const text = (max: number) => v.pipe(v.string('must be a string'), v.trim(), v.maxLength(max))
const line = text(200)
const para = text(5000)
const url = v.pipe(
  v.string('must be a string'),
  v.maxLength(2000),
  v.regex(/^(https?:\/\/|\/)/, 'must be an http(s) URL or a path'),
)
const uuid = v.pipe(v.string('must be a string'), v.uuid('must be a UUID'))
const list = <T extends v.GenericSchema>(item: T, max: number) =>
  v.pipe(v.array(item, 'must be a list'), v.maxLength(max, `must have at most ${max} items`))
const obj = <E extends v.ObjectEntries>(entries: E) => v.strictObject(entries)
const none = obj({})

/**
 * Per type: `data` (what does not change with the language: media, links, layout) and `texts`
 * (what a translator writes, one object per locale). Both strict: an unknown field is refused.
 */
export const BLOCK_SCHEMAS: Readonly<
  Record<BlockType, { readonly data: v.GenericSchema; readonly texts: v.GenericSchema }>
> = {
  hero: {
    data: obj({ imageId: v.optional(uuid), ctaUrl: v.optional(url) }),
    texts: obj({ title: line, subtitle: v.optional(para), ctaLabel: v.optional(line) }),
  },
  text: {
    data: obj({ format: v.optional(v.picklist(['markdown', 'plain'])) }),
    texts: obj({ body: text(50_000) }),
  },
  image: {
    data: obj({ imageId: uuid, width: v.optional(v.picklist(['narrow', 'wide', 'full'])) }),
    texts: obj({ alt: line, caption: v.optional(line) }),
  },
  gallery: {
    data: obj({ imageIds: list(uuid, 50) }),
    texts: obj({ title: v.optional(line), captions: v.optional(list(line, 50)) }),
  },
  cta: { data: obj({ url }), texts: obj({ title: line, label: line, body: v.optional(para) }) },
  features: {
    data: obj({ columns: v.optional(v.picklist([2, 3, 4])) }),
    texts: obj({ title: v.optional(line), items: list(obj({ title: line, body: para }), 12) }),
  },
  testimonials: {
    data: none,
    texts: obj({ items: list(obj({ quote: para, author: line, role: v.optional(line) }), 20) }),
  },
  pricing: {
    data: obj({ productIds: v.optional(list(uuid, 6)) }),
    texts: obj({
      title: v.optional(line),
      plans: list(obj({ name: line, price: line, features: list(line, 20) }), 6),
    }),
  },
  faq: {
    data: none,
    texts: obj({ title: v.optional(line), items: list(obj({ question: line, answer: para }), 50) }),
  },
  contact: {
    data: obj({ email: v.optional(v.pipe(v.string(), v.email('must be an e-mail'))) }),
    texts: obj({ title: line, body: v.optional(para) }),
  },
  product_grid: {
    data: obj({ collectionId: v.optional(uuid), productIds: v.optional(list(uuid, 48)) }),
    texts: obj({ title: v.optional(line) }),
  },
  newsletter: { data: none, texts: obj({ title: line, body: v.optional(para), button: line }) },
  video: {
    data: obj({ url: v.pipe(url, v.regex(/^https:\/\//, 'must be an https URL')) }),
    texts: obj({ title: v.optional(line) }),
  },
  // Stored as given; the HTTP layer sanitises it on the way out like an html body.
  html: { data: none, texts: obj({ html: text(50_000) }) },
  spacer: { data: obj({ size: v.picklist(['s', 'm', 'l', 'xl']) }), texts: none },
}
