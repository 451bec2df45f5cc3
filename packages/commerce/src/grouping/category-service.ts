import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import type { CommerceActor } from '../catalogue/product-tx'
import {
  getProductCategory,
  productCategoryIdByHandle,
  productCategoryTree,
} from './category-reads'
import {
  createProductCategory,
  deleteProductCategory,
  updateProductCategory,
  type ProductCategoryRef,
} from './category-writes'
import type { CreateProductCategoryInput, UpdateProductCategoryInput } from './grouping-schemas'
import type { ProductCategory, ProductCategoryNode } from './grouping-types'

/** The product category tree (depth ≤ 7), translated; inactive and internal flags. */
export interface ProductCategoryService {
  create(
    tenantId: string,
    input: CreateProductCategoryInput,
    actor: CommerceActor,
  ): Promise<ProductCategory>
  /** Texts merge by locale; `parentId` moves the subtree (no cycles, depth ≤ 7). */
  update(
    category: ProductCategoryRef,
    input: UpdateProductCategoryInput,
    actor: CommerceActor,
  ): Promise<ProductCategory>
  /** Deletes a category without children (`CONFLICT` otherwise); its products stay. */
  delete(category: ProductCategoryRef, actor: CommerceActor): Promise<void>
  get(category: ProductCategoryRef): Promise<ProductCategory>
  /** The tree depth first in the reader's locale; `storefront` shows active, public ones only. */
  tree(
    scope: { readonly tenantId: string; readonly storefront?: boolean },
    locale: string,
  ): Promise<ProductCategoryNode[]>
  /** The id of a category by its handle in the reader's locale; `NOT_FOUND` otherwise. */
  idByHandle(
    scope: { readonly tenantId: string; readonly storefront?: boolean; readonly locale: string },
    handle: string,
  ): Promise<string>
}

/** The product category service over a database that has the commerce tables. */
export function createProductCategoryService(options: CommerceDeps): ProductCategoryService {
  const deps = resolveCommerceDeps(options)
  return {
    async create(tenantId, input, actor) {
      const id = await createProductCategory(deps, { tenantId, actor }, input)
      return getProductCategory(deps, { tenantId, id })
    },
    async update(category, input, actor) {
      await updateProductCategory(deps, { ...category, actor }, input)
      return getProductCategory(deps, category)
    },
    delete: (category, actor) => deleteProductCategory(deps, { ...category, actor }),
    get: (category) => getProductCategory(deps, category),
    tree: (scope, locale) => productCategoryTree(deps, scope, locale),
    idByHandle: (scope, handle) => productCategoryIdByHandle(deps, scope, handle),
  }
}
