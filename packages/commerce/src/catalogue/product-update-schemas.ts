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
const Metadata = v.pipe(
  v.record(v.string(), v.unknown(), 'must be a JSON object'),
  v.check((value) => JSON.stringify(value).length <= 65_536, 'must be at most 64 KiB as JSON'),
)

/** A patch to a product's texts in one locale: given fields change, the others stay. */
export interface ProductTranslationPatch {
  readonly locale: string
  readonly title?: string
  readonly subtitle?: string | null
  readonly handle?: string
  readonly description?: string | null
  readonly material?: string | null
}

/**
 * Input of `products.update`. Translations merge by locale (a patch to `de` keeps `en`);
 * `removeLocales` drops one on purpose; an absent field stays; each of `tags`, `categoryIds`,
 * `images` replaces the stored list when given. Options and variants change through the variant
 * operations.
 */
export interface UpdateProductInput extends ProductLinksInput {
  readonly translations?: readonly ProductTranslationPatch[]
  readonly removeLocales?: readonly string[]
  readonly isGiftCard?: boolean
  readonly discountable?: boolean
  readonly weight?: number | null
  readonly length?: number | null
  readonly height?: number | null
  readonly width?: number | null
  readonly originCountry?: string | null
  readonly hsCode?: string | null
  readonly externalId?: string | null
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** {@link UpdateProductInput} after validation. */
export interface UpdateProductCommand extends ProductLinksCommand {
  translations?: {
    locale: string
    title?: string
    subtitle?: string | null
    handle?: string
    description?: string | null
    material?: string | null
  }[]
  removeLocales?: string[]
  isGiftCard?: boolean
  discountable?: boolean
  weight?: number | null
  length?: number | null
  height?: number | null
  width?: number | null
  originCountry?: string | null
  hsCode?: string | null
  externalId?: string | null
  metadata?: Record<string, unknown>
}

/** The schema of {@link UpdateProductInput}. */
export const UpdateProductSchema: v.GenericSchema<UpdateProductInput, UpdateProductCommand> =
  v.pipe(
    v.object({
      translations: v.optional(
        v.pipe(
          v.array(
            v.object({
              locale: LocaleSchema,
              title: v.optional(required(255)),
              subtitle: v.optional(v.nullable(text(255))),
              handle: v.optional(HandleSchema),
              description: v.optional(v.nullable(text(100_000))),
              material: v.optional(v.nullable(text(255))),
            }),
            'must be a list',
          ),
          v.maxLength(50, 'must have at most 50 translations'),
          v.check(
            (items) => new Set(items.map((item) => item.locale)).size === items.length,
            'must have one translation per locale',
          ),
        ),
      ),
      removeLocales: v.optional(v.pipe(v.array(LocaleSchema, 'must be a list'), v.maxLength(50))),
      isGiftCard: v.optional(v.boolean('must be a boolean')),
      discountable: v.optional(v.boolean('must be a boolean')),
      weight: dimension,
      length: dimension,
      height: dimension,
      width: dimension,
      originCountry: v.optional(
        v.nullable(v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'))),
      ),
      hsCode: v.optional(v.nullable(required(20))),
      externalId: v.optional(v.nullable(required(100))),
      metadata: v.optional(Metadata),
      ...ProductLinksEntries,
    }),
    v.forward(
      v.check(
        (input) =>
          !input.removeLocales?.some((locale) =>
            input.translations?.some((t) => t.locale === locale),
          ),
        'must not name a locale the patch also writes',
      ),
      ['removeLocales'],
    ),
  )

/** Input of `products.addVariant`: one value id of each of the product's options. */
export interface AddVariantInput {
  /** One value id per option of the product, any order. */
  readonly valueIds: readonly string[]
  readonly sku?: string | null
  readonly barcode?: string | null
  readonly manageInventory?: boolean
  readonly allowBackorder?: boolean
  readonly rank?: number
  readonly metadata?: Readonly<Record<string, unknown>>
}

/** Input of `products.updateVariant`: an absent field stays. */
export type UpdateVariantInput = Omit<AddVariantInput, 'valueIds'>

const VariantFields = {
  sku: v.optional(v.nullable(required(100))),
  barcode: v.optional(v.nullable(required(100))),
  manageInventory: v.optional(v.boolean('must be a boolean')),
  allowBackorder: v.optional(v.boolean('must be a boolean')),
  rank: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  metadata: v.optional(Metadata),
}

/** {@link UpdateVariantInput} after validation. */
export interface UpdateVariantCommand {
  sku?: string | null
  barcode?: string | null
  manageInventory?: boolean
  allowBackorder?: boolean
  rank?: number
  metadata?: Record<string, unknown>
}

/** The schema of {@link AddVariantInput}. */
export const AddVariantSchema: v.GenericSchema<
  AddVariantInput,
  UpdateVariantCommand & { valueIds: string[] }
> = v.object({
  valueIds: v.pipe(
    v.array(IdSchema, 'must be a list'),
    v.maxLength(5, 'must have at most 5 values'),
    v.check((ids) => new Set(ids).size === ids.length, 'must not repeat a value'),
  ),
  ...VariantFields,
})

/** The schema of {@link UpdateVariantInput}. */
export const UpdateVariantSchema: v.GenericSchema<UpdateVariantInput, UpdateVariantCommand> =
  v.object(VariantFields)
