import * as v from 'valibot'

const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const NullableString = v.nullable(v.string())
const Bool = v.optional(
  v.pipe(
    v.picklist(['true', 'false'], 'Expected true or false'),
    v.transform((value) => value === 'true'),
  ),
)
const MinorUnits = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,15}$/, 'Expected a whole number of minor units'),
    v.transform(Number),
  ),
)

const common = {
  locale: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Expected a locale such as en or pt-BR'),
      v.description(
        "Documents of this locale (texts through the tenant's fallback chain); default the tenant's.",
      ),
    ),
  ),
  q: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(200),
      v.description('Words to find; the last one also as a prefix (search as you type).'),
    ),
  ),
  category: v.optional(v.pipe(Uuid, v.description('Documents in this category (or under it).'))),
  facets: v.optional(
    v.pipe(
      v.picklist(['true', 'false'], 'Expected true or false'),
      v.transform((value) => value === 'true'),
      v.description('Add facet counts over every match.'),
    ),
  ),
  after: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,19}$/, 'Expected an outbox position'),
      v.description(
        'Read your writes: wait (at most 2 s) until the index has applied this outbox position, ' +
          'then answer (`stale: true` if it had not). Take it from the `RusToK-Outbox-Position` ' +
          'response header of the write (set on any successful request that wrote events: the ' +
          'highest position it wrote); GET /api/admin/index/status gives the current one too.',
      ),
    ),
  ),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(?:[1-9]\d?|100)$/, 'Expected a whole number from 1 to 100'),
      v.description('Items per page: a whole number from 1 to 100.'),
      v.transform(Number),
    ),
    '20',
  ),
  cursor: v.optional(
    v.pipe(v.string(), v.maxLength(500), v.description('The nextCursor of the previous page.')),
  ),
}

/** Query of a content search. */
export const ContentSearchQuery = v.object({
  ...common,
  kind: v.optional(v.pipe(v.string(), v.maxLength(64), v.description('Nodes of this kind.'))),
  tag: v.optional(v.pipe(Uuid, v.description('Nodes with this tag.'))),
  author: v.optional(v.pipe(Uuid, v.description('Nodes by this author.'))),
  sort: v.optional(
    v.pipe(
      v.picklist(['relevance', '-createdAt', 'title'], 'Expected relevance, -createdAt or title'),
      v.description('Default: relevance with q, else -createdAt (newest first).'),
    ),
  ),
})

/** Query of a product search. */
export const ProductSearchQuery = v.object({
  ...common,
  tag: v.optional(v.pipe(v.string(), v.maxLength(64), v.description('Products with this tag.'))),
  currency: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code'),
      v.description('Currency of the price filter, facet and sort.'),
    ),
  ),
  priceMin: MinorUnits,
  priceMax: MinorUnits,
  inStock: Bool,
  onSale: Bool,
  sort: v.optional(
    v.pipe(
      v.picklist(
        ['relevance', '-createdAt', 'title', 'price', '-price'],
        'Expected relevance, -createdAt, title, price or -price',
      ),
      v.description('Default: relevance with q, else -createdAt. price needs currency.'),
    ),
  ),
})

const Facet = v.object({ value: v.string(), label: v.string(), count: v.number() })
const Facets = v.object({
  category: v.array(Facet),
  tag: v.array(Facet),
  price: v.optional(v.array(Facet)),
})

const page = <T extends v.GenericSchema>(item: T) =>
  v.object({
    items: v.array(item),
    nextCursor: NullableString,
    total: v.pipe(v.number(), v.description('Matches of the query and filters, every page.')),
    facets: v.optional(Facets),
    stale: v.pipe(
      v.boolean(),
      v.description('With `after`: the index had not applied that position within the wait.'),
    ),
  })

/** A page of content hits. */
export const ContentSearchPage = page(
  v.object({
    id: v.string(),
    locale: v.string(),
    textLocale: v.string(),
    kind: v.string(),
    status: v.string(),
    title: v.string(),
    slug: v.string(),
    excerpt: NullableString,
    snippet: NullableString,
    authorId: NullableString,
    categoryNames: v.array(v.string()),
    tagNames: v.array(v.string()),
    publishedAt: NullableString,
  }),
)

/** A page of product hits. */
export const ProductSearchPage = page(
  v.object({
    id: v.string(),
    locale: v.string(),
    textLocale: v.string(),
    status: v.string(),
    title: v.string(),
    handle: v.string(),
    snippet: NullableString,
    prices: v.record(v.string(), v.object({ min: v.number(), max: v.number() })),
    onSale: v.boolean(),
    inStock: v.boolean(),
    thumbnail: NullableString,
    tags: v.array(v.string()),
    categoryNames: v.array(v.string()),
  }),
)

const Entity = v.picklist(['content', 'products'], 'Expected content or products')

const RebuildStatusSchema = v.object({
  tenantId: v.string(),
  entity: v.string(),
  active: v.number(),
  building: v.nullable(v.number()),
  done: v.number(),
  total: v.number(),
  checkpoint: NullableString,
  startedAt: NullableString,
  finishedAt: NullableString,
})

/** The index's state for a tenant: each entity's generations, rebuild progress and lag. */
export const IndexStatusSchema = v.object({
  position: v.pipe(v.string(), v.description('The outbox position now (for `after`).')),
  entities: v.array(
    v.object({
      rebuild: RebuildStatusSchema,
      lag: v.object({
        entity: v.string(),
        pending: v.number(),
        lagMs: v.number(),
        lastAppliedOccurredAt: NullableString,
      }),
    }),
  ),
})

/** Body of a rebuild request. */
export const RebuildBody = v.object({
  entity: Entity,
  batchSize: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000))),
})

/** A rebuild's status. */
export const RebuildAccepted = RebuildStatusSchema

/** Body of a drift check. */
export const DriftBody = v.object({
  entity: Entity,
  repair: v.optional(v.pipe(v.boolean(), v.description('Re-project what differs.'))),
})

/** What a drift check found. */
export const DriftReportSchema = v.object({
  tenantId: v.string(),
  entity: v.string(),
  checked: v.number(),
  missing: v.array(v.string()),
  stale: v.array(v.string()),
  orphaned: v.array(v.string()),
  repaired: v.boolean(),
})
