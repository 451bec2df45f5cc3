import * as v from 'valibot'
import { HandleSchema, IdSchema, LocaleSchema } from '../internal/parse-input'
import {
  ProductLinksEntries,
  type ProductLinksCommand,
  type ProductLinksInput,
} from './product-links-schemas'

const text = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.maxLength(max, `must be at most ${max} characters`),
  )
const required = (max: number) => v.pipe(text(max), v.minLength(1, 'must not be empty'))
const dimension = v.optional(
  v.nullable(
    v.pipe(v.number('must be a number'), v.safeInteger('must be an integer'), v.minValue(0)),
  ),
)
const uniqueLocales = <T extends { locale: string }>(items: T[]): boolean =>
  new Set(items.map((item) => item.locale)).size === items.length
const translations = <TIn extends { locale: string }, TOut extends { locale: string }>(
  item: v.GenericSchema<TIn, TOut>,
) =>
  v.pipe(
    v.array(item, 'must be a list'),
    v.minLength(1, 'must have at least one translation'),
    v.maxLength(50, 'must have at most 50 translations'),
    v.check(uniqueLocales, 'must have one translation per locale'),
  )

/** A product's texts in one locale; the handle defaults to the transliterated title. */
export interface ProductTranslationInput {
  readonly locale: string
  readonly title: string
  readonly subtitle?: string | null
  readonly handle?: string
  readonly description?: string | null
  readonly material?: string | null
}

/** An option (Size) with its values (S, M, L), each translated. */
export interface OptionInput {
  readonly translations: readonly { readonly locale: string; readonly name: string }[]
  readonly values: readonly {
    readonly translations: readonly { readonly locale: string; readonly label: string }[]
  }[]
}

/** A variant: which value of each option (by position), and its stock-keeping fields. */
export interface VariantInput {
  /** The position of its value in each option, in option order: `[1, 0]` = M, Red. */
  readonly values?: readonly number[]
  readonly sku?: string | null
  readonly barcode?: string | null
  readonly manageInventory?: boolean
  readonly allowBackorder?: boolean
  readonly rank?: number
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** Input of `products.create`. */
export interface CreateProductInput extends ProductLinksInput {
  readonly translations: readonly ProductTranslationInput[]
  readonly options?: readonly OptionInput[]
  /** Default: one variant per combination of option values (or one variant without options). */
  readonly variants?: readonly VariantInput[]
  readonly isGiftCard?: boolean
  readonly discountable?: boolean
  readonly weight?: number | null
  readonly length?: number | null
  readonly height?: number | null
  readonly width?: number | null
  /** ISO 3166-1 alpha-2. */
  readonly originCountry?: string | null
  readonly hsCode?: string | null
  readonly externalId?: string | null
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** {@link CreateProductInput} after validation. */
export interface CreateProductCommand extends ProductLinksCommand {
  translations: {
    locale: string
    title: string
    subtitle?: string | null
    handle?: string
    description?: string | null
    material?: string | null
  }[]
  options: {
    translations: { locale: string; name: string }[]
    values: { translations: { locale: string; label: string }[] }[]
  }[]
  variants?: {
    values?: number[]
    sku?: string | null
    barcode?: string | null
    manageInventory?: boolean
    allowBackorder?: boolean
    rank?: number
    metadata?: Record<string, unknown>
  }[]
  isGiftCard: boolean
  discountable: boolean
  weight?: number | null
  length?: number | null
  height?: number | null
  width?: number | null
  originCountry?: string | null
  hsCode?: string | null
  externalId?: string | null
  metadata: Record<string, unknown>
}

/** The most variants one product may have (the combinations of its options included). */
export const MAX_VARIANTS = 100

const Metadata = v.pipe(
  v.record(v.string(), v.unknown(), 'must be a JSON object'),
  v.check((value) => JSON.stringify(value).length <= 65_536, 'must be at most 64 KiB as JSON'),
)

const VariantSchema = v.object({
  values: v.optional(v.array(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 'must be a list')),
  sku: v.optional(v.nullable(required(100))),
  barcode: v.optional(v.nullable(required(100))),
  manageInventory: v.optional(v.boolean('must be a boolean')),
  allowBackorder: v.optional(v.boolean('must be a boolean')),
  rank: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  metadata: v.optional(Metadata),
})

/** The schema of {@link CreateProductInput}. */
export const CreateProductSchema: v.GenericSchema<CreateProductInput, CreateProductCommand> =
  v.object({
    translations: translations(
      v.object({
        locale: LocaleSchema,
        title: required(255),
        subtitle: v.optional(v.nullable(text(255))),
        handle: v.optional(HandleSchema),
        description: v.optional(v.nullable(text(100_000))),
        material: v.optional(v.nullable(text(255))),
      }),
    ),
    options: v.optional(
      v.pipe(
        v.array(
          v.object({
            translations: translations(v.object({ locale: LocaleSchema, name: required(100) })),
            values: v.pipe(
              v.array(
                v.object({
                  translations: translations(
                    v.object({ locale: LocaleSchema, label: required(100) }),
                  ),
                }),
              ),
              v.minLength(1, 'must have at least one value'),
              v.maxLength(MAX_VARIANTS, `must have at most ${MAX_VARIANTS} values`),
            ),
          }),
          'must be a list',
        ),
        v.maxLength(5, 'must have at most 5 options'),
      ),
      [],
    ),
    variants: v.optional(
      v.pipe(
        v.array(VariantSchema, 'must be a list'),
        v.minLength(1, 'must have at least one variant'),
        v.maxLength(MAX_VARIANTS, `must have at most ${MAX_VARIANTS} variants`),
      ),
    ),
    isGiftCard: v.optional(v.boolean('must be a boolean'), false),
    discountable: v.optional(v.boolean('must be a boolean'), true),
    weight: dimension,
    length: dimension,
    height: dimension,
    width: dimension,
    originCountry: v.optional(
      v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))),
    ),
    hsCode: v.optional(v.nullable(required(20))),
    externalId: v.optional(v.nullable(required(100))),
    metadata: v.optional(Metadata, {}),
    ...ProductLinksEntries,
  })

/** Input of `products.list`. */
export interface ListProductsInput {
  /** 1–100, default 20. */
  readonly limit?: number
  /** The `next` of the previous page. */
  readonly after?: { readonly value: string; readonly id: string }
  readonly status?: 'draft' | 'active' | 'archived'
  /** The reader's locale (the tenant's fallback applies); default `en`. */
  readonly locale?: string
  /** Case-insensitive part of a title in any locale. */
  readonly q?: string
  /** Products in this collection. */
  readonly collectionId?: string
  /** Products in this category or any category under it. */
  readonly categoryId?: string
  /** Products with this tag (case-insensitive). */
  readonly tag?: string
}

/** The schema of {@link ListProductsInput}. */
export const ListProductsSchema: v.GenericSchema<
  ListProductsInput,
  {
    limit: number
    after?: { value: string; id: string }
    status?: 'draft' | 'active' | 'archived'
    locale: string
    q?: string
    collectionId?: string
    categoryId?: string
    tag?: string
  }
> = v.object({
  limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100)), 20),
  after: v.optional(v.object({ value: v.string(), id: v.pipe(v.string(), v.uuid()) })),
  status: v.optional(v.picklist(['draft', 'active', 'archived'], 'must be a product status')),
  locale: v.optional(LocaleSchema, 'en'),
  q: v.optional(text(200)),
  collectionId: v.optional(IdSchema),
  categoryId: v.optional(IdSchema),
  tag: v.optional(v.pipe(text(64), v.toLowerCase())),
})
