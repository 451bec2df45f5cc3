import type { Kysely } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import type { CommerceTables } from '../commerce-tables'
import { invalid } from '../grouping/grouping-tx'
import type { ProductLinksCommand } from './product-links-schemas'

/** A product of a tenant, in a write's transaction. */
interface LinkScope {
  readonly trx: Kysely<CommerceTables>
  readonly tenantId: string
  readonly productId: string
}

/**
 * Checks that the images given by media id are the tenant's media items, through the content
 * module's port. Before the write's transaction: the port reads with its own connection.
 */
export async function assertMediaKnown(
  deps: ResolvedCommerceDeps,
  tenantId: string,
  links: ProductLinksCommand,
): Promise<void> {
  const images = links.images ?? []
  const mediaIds = images.flatMap((image) => ('mediaId' in image ? [image.mediaId] : []))
  if (mediaIds.length === 0) return
  const known = deps.media ? await deps.media(tenantId, mediaIds) : new Set<string>()
  const index = images.findIndex((image) => 'mediaId' in image && !known.has(image.mediaId))
  if (index >= 0)
    throw invalid(
      `images.${index}.mediaId`,
      deps.media
        ? 'is not a media item of this tenant'
        : 'needs the content module (media); give a url instead',
    )
}

/**
 * Replaces the product's tags, categories and images with those given (absent lists stay).
 * Media ids are checked by {@link assertMediaKnown} first.
 */
export async function writeProductLinks(
  deps: ResolvedCommerceDeps,
  scope: LinkScope,
  links: ProductLinksCommand,
): Promise<void> {
  const { trx, tenantId, productId } = scope
  const base = { tenant_id: tenantId, product_id: productId }
  if (links.tags) {
    await trx
      .deleteFrom('commerce_product_tags')
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .execute()
    if (links.tags.length > 0)
      await trx
        .insertInto('commerce_product_tags')
        .values(links.tags.map((tag) => ({ ...base, tag })))
        .execute()
  }
  if (links.categoryIds) {
    const ids = links.categoryIds
    if (ids.length > 0) {
      // Key-share locks before the link rows are replaced: a category deleted meanwhile waits
      // for this change (or this change for the delete) instead of a deadlock over those rows.
      const found = await trx
        .selectFrom('commerce_categories')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids)
        .orderBy('id')
        .forKeyShare()
        .execute()
      const known = new Set(found.map((row) => row.id))
      const missing = ids.findIndex((id) => !known.has(id))
      if (missing >= 0)
        throw invalid(`categoryIds.${missing}`, 'is not a product category of this tenant')
    }
    await trx
      .deleteFrom('commerce_product_categories')
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .execute()
    if (ids.length > 0)
      await trx
        .insertInto('commerce_product_categories')
        .values(ids.map((categoryId) => ({ ...base, category_id: categoryId })))
        .execute()
  }
  if (links.images) {
    const images = links.images
    await trx
      .deleteFrom('commerce_product_images')
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .execute()
    if (images.length > 0)
      await trx
        .insertInto('commerce_product_images')
        .values(
          images.map((image, position) => ({
            ...base,
            position,
            media_id: 'mediaId' in image ? image.mediaId : null,
            url: 'url' in image ? image.url : null,
            alt: image.alt ?? null,
          })),
        )
        .execute()
  }
}
