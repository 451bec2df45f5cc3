import { listQuery } from '@rustok/http'
import * as v from 'valibot'

const NullableString = v.nullable(v.string())
const NullableNumber = v.nullable(v.number())
const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const Metadata = v.record(v.string(), v.unknown())
const ProductStatus = v.picklist(['draft', 'active', 'archived'])

export const IdParams = v.object({ id: Uuid })
export const LevelParams = v.object({ variantId: Uuid, locationId: Uuid })
export const VariantParams = v.object({ variantId: Uuid })
export const HandleParams = v.object({
  handle: v.pipe(v.string(), v.maxLength(200), v.description('A handle in any locale.')),
})

const ProductTranslationSchema = v.object({
  locale: v.string(),
  title: v.string(),
  subtitle: NullableString,
  handle: v.string(),
  description: NullableString,
  material: NullableString,
})

/** A product with every translation, option and variant (admin). */
export const ProductSchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  status: ProductStatus,
  isGiftCard: v.boolean(),
  discountable: v.boolean(),
  weight: NullableNumber,
  length: NullableNumber,
  height: NullableNumber,
  width: NullableNumber,
  originCountry: NullableString,
  hsCode: NullableString,
  externalId: NullableString,
  metadata: Metadata,
  createdAt: v.string(),
  updatedAt: v.string(),
  publishedAt: NullableString,
  translations: v.array(ProductTranslationSchema),
  options: v.array(
    v.object({
      id: v.string(),
      position: v.number(),
      translations: v.array(v.object({ locale: v.string(), name: v.string() })),
      values: v.array(
        v.object({
          id: v.string(),
          position: v.number(),
          translations: v.array(v.object({ locale: v.string(), label: v.string() })),
        }),
      ),
    }),
  ),
  variants: v.array(
    v.object({
      id: v.string(),
      sku: NullableString,
      barcode: NullableString,
      manageInventory: v.boolean(),
      allowBackorder: v.boolean(),
      rank: v.number(),
      valueIds: v.array(v.string()),
      metadata: Metadata,
    }),
  ),
  tags: v.pipe(v.array(v.string()), v.description('Lowercase, sorted.')),
  categoryIds: v.array(v.string()),
  collectionIds: v.array(v.string()),
  images: v.array(
    v.object({
      position: v.number(),
      mediaId: NullableString,
      url: NullableString,
      alt: NullableString,
    }),
  ),
})

/** A product in a list, its texts in the reader's locale. */
export const ProductListItemSchema = v.object({
  id: v.string(),
  status: ProductStatus,
  createdAt: v.string(),
  publishedAt: NullableString,
  translation: v.nullable(ProductTranslationSchema),
  thumbnail: v.nullable(
    v.object({
      position: v.number(),
      mediaId: NullableString,
      url: NullableString,
      alt: NullableString,
    }),
  ),
})

const LocaleParam = v.optional(
  v.pipe(
    v.string(),
    v.maxLength(10),
    v.description("The reader's locale; default: the tenant's default locale."),
  ),
)
const QParam = v.optional(
  v.pipe(v.string(), v.maxLength(200), v.description('Case-insensitive part of a title.')),
)
const RegionParam = v.optional(
  v.pipe(
    Uuid,
    v.description('A region id: prices in its currency, its regional prices first, its tax.'),
  ),
)

/** Query of the admin product list. */
export const AdminProductListQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: '-createdAt',
  filters: {
    status: v.optional(ProductStatus),
    locale: LocaleParam,
    q: QParam,
    collection: v.optional(v.pipe(Uuid, v.description('Products of this collection.'))),
    category: v.optional(
      v.pipe(Uuid, v.description('Products of this category or any category under it.')),
    ),
    tag: v.optional(v.pipe(v.string(), v.maxLength(64), v.description('Products with this tag.'))),
  },
})

/** Query of the storefront product list. */
export const StoreProductListQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: '-createdAt',
  filters: {
    locale: LocaleParam,
    q: QParam,
    region: RegionParam,
    collection: v.optional(v.pipe(Uuid, v.description('Products of this collection.'))),
    category: v.optional(
      v.pipe(Uuid, v.description('Products of this category or any category under it.')),
    ),
    tag: v.optional(v.pipe(v.string(), v.maxLength(64), v.description('Products with this tag.'))),
  },
})

/** Query of a storefront product read. */
export const StoreProductQuery = v.object({ locale: LocaleParam, region: RegionParam })

/** Query of a list a page at a time by id. */
export const IdListQuery = v.object({
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
    v.pipe(
      v.string(),
      v.maxLength(200),
      v.description('The `nextCursor` of the previous page, unchanged.'),
    ),
  ),
})

export const RegionSchema = v.object({
  id: v.string(),
  name: v.string(),
  currency: v.string(),
  countries: v.array(v.string()),
  taxRate: v.pipe(v.string(), v.description('A percentage as decimal text: "20", "8.875".')),
  taxIncluded: v.boolean(),
  createdAt: v.string(),
  updatedAt: v.string(),
})

export const PriceListSchema = v.object({
  id: v.string(),
  name: v.string(),
  description: NullableString,
  type: v.picklist(['sale', 'override']),
  status: v.picklist(['draft', 'active']),
  startsAt: NullableString,
  endsAt: NullableString,
  createdAt: v.string(),
  updatedAt: v.string(),
})

export const StoredPriceSchema = v.object({
  id: v.string(),
  variantId: v.string(),
  currency: v.string(),
  regionId: NullableString,
  priceListId: NullableString,
  amount: v.pipe(v.number(), v.description('Integer minor units (cents).')),
  compareAt: NullableNumber,
  minQuantity: v.number(),
  maxQuantity: NullableNumber,
  createdAt: v.string(),
  updatedAt: v.string(),
})

const ResolvedPriceSchema = v.nullable(
  v.object({
    amount: v.pipe(v.number(), v.description('The unit price in integer minor units.')),
    currency: v.string(),
    compareAt: NullableNumber,
    reason: v.object({
      source: v.picklist(['base', 'sale', 'override']),
      priceId: v.string(),
      priceListId: NullableString,
      regional: v.boolean(),
      tier: v.object({ minQuantity: v.number(), maxQuantity: NullableNumber }),
    }),
    tax: v.nullable(v.object({ rate: v.string(), included: v.boolean(), amount: v.number() })),
  }),
)

export const LocationSchema = v.object({ id: v.string(), name: v.string(), createdAt: v.string() })

export const LevelSchema = v.object({
  variantId: v.string(),
  locationId: v.string(),
  stocked: v.number(),
  reserved: v.number(),
  incoming: v.number(),
  available: v.number(),
  lowStockThreshold: v.number(),
})

export const ReservationSchema = v.object({
  id: v.string(),
  variantId: v.string(),
  locationId: v.string(),
  quantity: v.number(),
  reference: v.string(),
  status: v.picklist(['active', 'released', 'expired', 'converted']),
  expiresAt: v.string(),
  createdAt: v.string(),
})

/** Both levels after a transfer. */
export const TransferResultSchema = v.object({ from: LevelSchema, to: LevelSchema })

/** Query of the level list. */
export const LevelListQuery = v.object({
  ...IdListQuery.entries,
  variantId: v.optional(Uuid),
  locationId: v.optional(Uuid),
})

/** Query of the reservation list. */
export const ReservationListQuery = v.object({
  ...IdListQuery.entries,
  variantId: v.optional(Uuid),
  status: v.optional(v.picklist(['active', 'released', 'expired', 'converted'])),
})

const Localized = <S extends v.GenericSchema>(value: S) =>
  v.object({
    locale: v.pipe(v.string(), v.description('The locale this text is in.')),
    requested: v.pipe(v.string(), v.description('The locale that was asked for.')),
    fallback: v.pipe(v.boolean(), v.description('True when `locale` differs from `requested`.')),
    value,
  })

/** An active product in the reader's locale, priced for a region, with availability. */
export const StoreProductSchema = v.object({
  id: v.string(),
  publishedAt: NullableString,
  translation: Localized(
    v.object({
      title: v.string(),
      subtitle: NullableString,
      handle: v.string(),
      description: NullableString,
      material: NullableString,
    }),
  ),
  options: v.array(v.object({ id: v.string(), name: v.string() })),
  variants: v.array(
    v.object({
      id: v.string(),
      sku: NullableString,
      rank: v.number(),
      options: v.array(v.object({ optionId: v.string(), valueId: v.string(), label: v.string() })),
      price: ResolvedPriceSchema,
      availability: v.object({ available: v.number(), inStock: v.boolean() }),
    }),
  ),
  region: v.nullable(RegionSchema),
})

/** An active product in a storefront list. */
export const StoreListItemSchema = v.object({
  ...ProductListItemSchema.entries,
  fromPrice: ResolvedPriceSchema,
})

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max))

/** Body of an adjust. */
export const AdjustBody = v.object({
  delta: v.pipe(v.number(), v.integer(), v.description('Units to add (negative: remove).')),
  reason: v.optional(Text(500)),
  reference: v.optional(Text(200)),
})

/** Body of a set (recorded as the difference). */
export const SetBody = v.object({
  stocked: v.pipe(v.number(), v.integer(), v.minValue(0)),
  reason: v.optional(Text(500)),
})

/** Body of a transfer. */
export const TransferBody = v.object({
  from: Uuid,
  to: Uuid,
  quantity: v.pipe(v.number(), v.integer(), v.minValue(1)),
  reason: v.optional(Text(500)),
})

/** Body of a reservation. */
export const ReserveBody = v.object({
  variantId: Uuid,
  locationId: Uuid,
  quantity: v.pipe(v.number(), v.integer(), v.minValue(1)),
  reference: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  ttlSeconds: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(1),
      v.maxValue(604_800),
      v.description('How long the units are held; default 900 (15 minutes), at most a week.'),
    ),
  ),
})

/** Body of a location. */
export const LocationBody = v.object({ name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) })
