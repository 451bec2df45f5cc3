import type { Kysely } from 'kysely'
import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import type { CommerceTables } from '../commerce-tables'
import { getProducts } from './product-batch-reads'
import type { Product } from './product-types'

/** A product category with every translation, as a read model names it. */
export interface IndexedProductCategory {
  readonly id: string
  readonly parentId: string | null
  readonly translations: readonly { readonly locale: string; readonly name: string }[]
}

/** A product with what a read model denormalises: base prices, stock and category names. */
export interface ProductIndexRecord {
  readonly product: Product
  /** The product's categories (not their ancestors). */
  readonly categories: readonly IndexedProductCategory[]
  /** Base prices (no price list, any region, from one unit): minor units. */
  readonly prices: readonly {
    readonly variantId: string
    readonly currency: string
    readonly amount: number
    readonly compareAt: number | null
  }[]
  /** Stock per variant summed over locations. */
  readonly stock: readonly {
    readonly variantId: string
    readonly stocked: number
    readonly reserved: number
  }[]
}

/** The read functions a read model (the index) uses to project products. */
export interface ProductIndexSource {
  /** Ids of the tenant's products after `after`, in id order. */
  ids(
    tenantId: string,
    page: { readonly after: string | null; readonly limit: number },
  ): Promise<readonly string[]>
  count(tenantId: string): Promise<number>
  /**
   * Ids of the products in a collection now: a collection event changes the membership of
   * products whose own documents do not name the collection yet.
   */
  collectionProductIds(tenantId: string, collectionId: string): Promise<readonly string[]>
  /** The existing ones of `ids`, in id order. */
  load(tenantId: string, ids: readonly string[]): Promise<readonly ProductIndexRecord[]>
}

/**
 * Read functions over products for read models kept elsewhere (`@rustok/index`): tenant-scoped,
 * with base prices, stock totals and category names beside the product.
 *
 * @example
 * ```ts
 * const source = createProductIndexSource({ db })
 * const records = await source.load(tenantId, await source.ids(tenantId, { after: null, limit: 200 }))
 * ```
 */
export function createProductIndexSource(deps: Pick<CommerceDeps, 'db'>): ProductIndexSource {
  const resolved = resolveCommerceDeps({ db: deps.db, events: { publishInTx: async () => {} } })
  const db = deps.db as Kysely<CommerceTables>
  return {
    async ids(tenantId, page) {
      let query = db.selectFrom('commerce_products').select('id').where('tenant_id', '=', tenantId)
      if (page.after !== null) query = query.where('id', '>', page.after)
      const rows = await query.orderBy('id').limit(page.limit).execute()
      return rows.map((row) => row.id)
    },
    async count(tenantId) {
      const row = await db
        .selectFrom('commerce_products')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
    async collectionProductIds(tenantId, collectionId) {
      const rows = await db
        .selectFrom('commerce_collection_products')
        .select('product_id')
        .where('tenant_id', '=', tenantId)
        .where('collection_id', '=', collectionId)
        .orderBy('product_id')
        .execute()
      return rows.map((row) => row.product_id)
    },
    async load(tenantId, ids) {
      if (ids.length === 0) return []
      const products = await getProducts(resolved, { tenantId, ids })
      const productIds = products.map((product) => product.id)
      if (productIds.length === 0) return []
      const prices = await db
        .selectFrom('commerce_prices as p')
        .innerJoin('commerce_variants as v', (join) =>
          join.onRef('v.tenant_id', '=', 'p.tenant_id').onRef('v.id', '=', 'p.variant_id'),
        )
        .select(['p.variant_id', 'p.currency', 'p.amount', 'p.compare_at'])
        .where('p.tenant_id', '=', tenantId)
        .where('v.product_id', 'in', productIds)
        .where('p.price_list_id', 'is', null)
        .where('p.min_quantity', '<=', 1)
        .orderBy('p.variant_id')
        .orderBy('p.currency')
        .orderBy('p.amount')
        .execute()
      const stock = await db
        .selectFrom('commerce_inventory_levels as l')
        .innerJoin('commerce_variants as v', (join) =>
          join.onRef('v.tenant_id', '=', 'l.tenant_id').onRef('v.id', '=', 'l.variant_id'),
        )
        .select((eb) => [
          'l.variant_id',
          eb.fn.sum<string>('l.stocked').as('stocked'),
          eb.fn.sum<string>('l.reserved').as('reserved'),
        ])
        .where('l.tenant_id', '=', tenantId)
        .where('v.product_id', 'in', productIds)
        .groupBy('l.variant_id')
        .execute()
      const categoryIds = [...new Set(products.flatMap((product) => product.categoryIds))]
      const categories = categoryIds.length
        ? await db
            .selectFrom('commerce_categories as c')
            .leftJoin('commerce_category_translations as t', (join) =>
              join.onRef('t.tenant_id', '=', 'c.tenant_id').onRef('t.category_id', '=', 'c.id'),
            )
            .select(['c.id', 'c.parent_id', 't.locale', 't.name'])
            .where('c.tenant_id', '=', tenantId)
            .where('c.id', 'in', categoryIds)
            .orderBy('c.id')
            .orderBy('t.locale')
            .execute()
        : []
      const categoryById = new Map<string, IndexedProductCategory>()
      for (const row of categories) {
        const known = categoryById.get(row.id) ?? {
          id: row.id,
          parentId: row.parent_id,
          translations: [],
        }
        categoryById.set(row.id, {
          ...known,
          translations:
            row.locale !== null && row.name !== null
              ? [...known.translations, { locale: row.locale, name: row.name }]
              : known.translations,
        })
      }
      const variantsOf = (product: Product) =>
        new Set(product.variants.map((variant) => variant.id))
      return products.map((product) => {
        const variants = variantsOf(product)
        return {
          product,
          categories: product.categoryIds.flatMap((id) => {
            const category = categoryById.get(id)
            return category ? [category] : []
          }),
          prices: prices
            .filter((price) => variants.has(price.variant_id))
            .map((price) => ({
              variantId: price.variant_id,
              currency: price.currency,
              amount: Number(price.amount),
              compareAt: price.compare_at === null ? null : Number(price.compare_at),
            })),
          stock: stock
            .filter((level) => variants.has(level.variant_id))
            .map((level) => ({
              variantId: level.variant_id,
              stocked: Number(level.stocked),
              reserved: Number(level.reserved),
            })),
        }
      })
    },
  }
}
