import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { getProduct, listProducts, type ProductPage } from './product-reads'
import type { CreateProductInput, ListProductsInput } from './product-schemas'
import type { ProductTransition } from './product-status'
import type { CommerceActor } from './product-tx'
import type { Product } from './product-types'
import { createProduct, deleteProduct, transitionProduct } from './product-writes'

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
    delete: (product, actor) => deleteProduct(deps, { ...product, actor }),
    get: (product) => getProduct(deps, product),
    list: (scope, input) => listProducts(deps, scope, input),
  }
}
