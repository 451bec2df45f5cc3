import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { getProduct, listProducts, type ProductPage } from './product-reads'
import type { CreateProductInput, ListProductsInput } from './product-schemas'
import type { ProductTransition } from './product-status'
import type { CommerceActor } from './product-tx'
import type { Product } from './product-types'
import { updateProduct } from './product-update'
import type {
  AddVariantInput,
  UpdateProductInput,
  UpdateVariantInput,
} from './product-update-schemas'
import { createProduct, deleteProduct, transitionProduct } from './product-writes'
import { addVariant, deleteVariant, updateVariant } from './variant-writes'
import type { AddOptionInput, UpdateOptionInput } from './option-schemas'
import { addOption, updateOption } from './option-writes'

/** A product of a tenant. */
export interface ProductRef {
  readonly tenantId: string
  readonly id: string
}

/** The catalogue's products: create with options and variants, the state machine, reads. */
export interface ProductService {
  /** Creates a product with options and variants in one transaction; returns it whole. */
  create(tenantId: string, input: CreateProductInput, actor: CommerceActor): Promise<Product>
  /** `publish` (draft → active), `archive` (active → archived), `restore` (archived → draft). */
  transition(
    product: ProductRef,
    transition: ProductTransition,
    actor: CommerceActor,
  ): Promise<Product>
  /**
   * Updates fields and texts (merged by locale; `removeLocales` drops one), and replaces tags,
   * categories or images when given. Any status.
   */
  update(product: ProductRef, input: UpdateProductInput, actor: CommerceActor): Promise<Product>
  /** Adds an option with its values; existing variants take its first value. */
  addOption(product: ProductRef, input: AddOptionInput, actor: CommerceActor): Promise<Product>
  /** Renames an option or its values, appends values, removes unused ones. */
  updateOption(
    option: ProductRef & { readonly optionId: string },
    input: UpdateOptionInput,
    actor: CommerceActor,
  ): Promise<Product>
  /** Adds a variant for a new combination of option values (`CONFLICT` if it exists). */
  addVariant(product: ProductRef, input: AddVariantInput, actor: CommerceActor): Promise<Product>
  /** Updates a variant's SKU, barcode, inventory flags, rank or metadata. */
  updateVariant(
    variant: ProductRef & { readonly variantId: string },
    input: UpdateVariantInput,
    actor: CommerceActor,
  ): Promise<Product>
  /** Deletes a variant; `CONFLICT` for the last one or while units of it are reserved. */
  deleteVariant(
    variant: ProductRef & { readonly variantId: string },
    actor: CommerceActor,
  ): Promise<Product>
  /** Deletes a draft or archived product; `CONFLICT` while active. */
  delete(product: ProductRef, actor: CommerceActor): Promise<void>
  get(product: ProductRef): Promise<Product>
  list(
    scope: { readonly tenantId: string; readonly activeOnly?: boolean },
    input: ListProductsInput,
  ): Promise<ProductPage>
}

/**
 * The product service over a database that has the commerce tables.
 *
 * @example
 * ```ts
 * const products = createProductService({ db, events: outbox })
 * const tee = await products.create(tenantId, {
 *   translations: [{ locale: 'en', title: 'T-shirt' }],
 *   options: [{ translations: [{ locale: 'en', name: 'Size' }], values: [{ translations: [{ locale: 'en', label: 'S' }] }, { translations: [{ locale: 'en', label: 'M' }] }] }],
 * }, { userId })
 * tee.variants.length // 2: one per size
 * ```
 */
export function createProductService(options: CommerceDeps): ProductService {
  const deps = resolveCommerceDeps(options)
  return {
    async create(tenantId, input, actor) {
      const id = await createProduct(deps, { tenantId, actor }, input)
      return getProduct(deps, { tenantId, id })
    },
    async transition(product, transition, actor) {
      await transitionProduct(deps, { ...product, actor }, transition)
      return getProduct(deps, product)
    },
    async update(product, input, actor) {
      await updateProduct(deps, { ...product, actor }, input)
      return getProduct(deps, product)
    },
    async addOption(product, input, actor) {
      await addOption(deps, { tenantId: product.tenantId, productId: product.id, actor }, input)
      return getProduct(deps, product)
    },
    async updateOption(option, input, actor) {
      const command = { tenantId: option.tenantId, productId: option.id, optionId: option.optionId }
      await updateOption(deps, { ...command, actor }, input)
      return getProduct(deps, option)
    },
    async addVariant(product, input, actor) {
      await addVariant(deps, { tenantId: product.tenantId, productId: product.id, actor }, input)
      return getProduct(deps, product)
    },
    async updateVariant(variant, input, actor) {
      const ref = {
        tenantId: variant.tenantId,
        productId: variant.id,
        variantId: variant.variantId,
      }
      await updateVariant(deps, { ...ref, actor }, input)
      return getProduct(deps, variant)
    },
    async deleteVariant(variant, actor) {
      const ref = {
        tenantId: variant.tenantId,
        productId: variant.id,
        variantId: variant.variantId,
      }
      await deleteVariant(deps, { ...ref, actor })
      return getProduct(deps, variant)
    },
    delete: (product, actor) => deleteProduct(deps, { ...product, actor }),
    get: (product) => getProduct(deps, product),
    list: (scope, input) => listProducts(deps, scope, input),
  }
}
