import * as v from 'valibot'
import { IdSchema } from '../internal/parse-input'

/** An image of a product: a media id (content module) or an absolute URL, with its alt text. */
export type ProductImageInput =
  | { readonly mediaId: string; readonly alt?: string | null }
  | { readonly url: string; readonly alt?: string | null }

/** {@link ProductImageInput} after validation. */
export type ProductImageCommand =
  { mediaId: string; alt?: string | null } | { url: string; alt?: string | null }

/** Where a product is filed and how it looks: each list replaces the stored one when given. */
export interface ProductLinksInput {
  /** Free words, normalised to lowercase; at most 50. */
  readonly tags?: readonly string[]
  /** Product categories of the tenant; at most 50. */
  readonly categoryIds?: readonly string[]
  /** In display order; at most 50. */
  readonly images?: readonly ProductImageInput[]
}

/** {@link ProductLinksInput} after validation. */
export interface ProductLinksCommand {
  tags?: string[]
  categoryIds?: string[]
  images?: ProductImageCommand[]
}

const alt = v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(500))))
const ImageSchema: v.GenericSchema<ProductImageInput, ProductImageCommand> = v.union(
  [
    v.strictObject({ mediaId: IdSchema, alt }),
    v.strictObject({
      url: v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.maxLength(2000, 'must be at most 2000 characters'),
        v.url('must be an absolute URL'),
        v.regex(/^https?:\/\//, 'must be an http or https URL'),
      ),
      alt,
    }),
  ],
  'must be { mediaId } or { url }',
)

const unique = <T>(items: T[]): boolean => new Set(items).size === items.length

/** The entries of {@link ProductLinksInput}, for the create and update schemas. */
export const ProductLinksEntries: {
  tags: v.GenericSchema<readonly string[] | undefined, string[] | undefined>
  categoryIds: v.GenericSchema<readonly string[] | undefined, string[] | undefined>
  images: v.GenericSchema<
    readonly ProductImageInput[] | undefined,
    ProductImageCommand[] | undefined
  >
} = {
  tags: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string('must be a string'),
          v.trim(),
          v.toLowerCase(),
          v.minLength(1, 'must not be empty'),
          v.maxLength(64, 'must be at most 64 characters'),
        ),
        'must be a list',
      ),
      v.maxLength(50, 'must have at most 50 tags'),
      v.transform((tags) => [...new Set(tags)]),
    ),
  ),
  categoryIds: v.optional(
    v.pipe(
      v.array(IdSchema, 'must be a list'),
      v.maxLength(50, 'must have at most 50 categories'),
      v.check(unique, 'must not repeat a category'),
    ),
  ),
  images: v.optional(
    v.pipe(v.array(ImageSchema, 'must be a list'), v.maxLength(50, 'must have at most 50 images')),
  ),
}
