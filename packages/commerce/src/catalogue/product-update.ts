import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import { productUpdated } from '../events/product-events'
import { handleFrom, invalid } from '../grouping/grouping-tx'
import { parseInput } from '../internal/parse-input'
import { assertMediaKnown, writeProductLinks } from './product-links'
import {
  UpdateProductSchema,
  type UpdateProductCommand,
  type UpdateProductInput,
} from './product-update-schemas'
import { writeCommerceChange, type CommerceActor } from './product-tx'

/** The columns an update sets: only the fields it was given. */
function changedColumns(input: UpdateProductCommand): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  const map = {
    isGiftCard: 'is_gift_card',
    discountable: 'discountable',
    weight: 'weight',
    length: 'length',
    height: 'height',
    width: 'width',
    originCountry: 'origin_country',
    hsCode: 'hs_code',
    externalId: 'external_id',
  } as const
  for (const [field, column] of Object.entries(map)) {
    const value = input[field as keyof typeof map]
    if (value !== undefined) columns[column] = value
  }
  if (input.metadata) columns.metadata = JSON.stringify(input.metadata)
  return columns
}

/**
 * Updates a product's fields, texts (merged by locale), tags, categories and images in one
 * transaction; emits `product.updated`. Any status: an active product can be corrected in place.
 */
export async function updateProduct(
  deps: ResolvedCommerceDeps,
  command: { readonly tenantId: string; readonly id: string; readonly actor: CommerceActor },
  rawInput: UpdateProductInput,
): Promise<void> {
  const input = parseInput(UpdateProductSchema, rawInput)
  const { tenantId, id } = command
  await assertMediaKnown(deps, tenantId, input)
  const fieldOf = (field: string, value: string): string => {
    if (field !== 'handle') return field
    const index = (input.translations ?? []).findIndex((t) => t.handle === value)
    return `translations.${Math.max(index, 0)}.handle`
  }
  await writeCommerceChange(deps, { ...command, fieldOf }, async (trx, events) => {
    const changed = await trx
      .updateTable('commerce_products')
      .set({ ...changedColumns(input), updated_at: deps.now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst()
    if (!changed) throw new CommerceError('NOT_FOUND', `Product ${id} not found`)
    if (input.translations?.length) {
      const existing = await trx
        .selectFrom('commerce_product_translations')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('product_id', '=', id)
        .execute()
      const rows = input.translations.map((patch, index) => {
        const before = existing.find((row) => row.locale === patch.locale)
        const title = patch.title ?? before?.title
        if (title === undefined)
          throw invalid(`translations.${index}.title`, 'is required for a new locale')
        const keep = <K extends 'subtitle' | 'description' | 'material'>(key: K) =>
          patch[key] !== undefined ? (patch[key] ?? null) : (before?.[key] ?? null)
        return {
          tenant_id: tenantId,
          product_id: id,
          locale: patch.locale,
          title,
          // A renamed product keeps its handle unless a new one is given: links stay valid.
          handle: patch.handle ?? before?.handle ?? handleFrom(title, 'product'),
          subtitle: keep('subtitle'),
          description: keep('description'),
          material: keep('material'),
        }
      })
      await trx
        .insertInto('commerce_product_translations')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['product_id', 'locale']).doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            handle: eb.ref('excluded.handle'),
            subtitle: eb.ref('excluded.subtitle'),
            description: eb.ref('excluded.description'),
            material: eb.ref('excluded.material'),
          })),
        )
        .execute()
    }
    if (input.removeLocales?.length) {
      await trx
        .deleteFrom('commerce_product_translations')
        .where('tenant_id', '=', tenantId)
        .where('product_id', '=', id)
        .where('locale', 'in', input.removeLocales)
        .execute()
      const left = await trx
        .selectFrom('commerce_product_translations')
        .select('locale')
        .where('tenant_id', '=', tenantId)
        .where('product_id', '=', id)
        .limit(1)
        .executeTakeFirst()
      if (!left) throw invalid('removeLocales', 'would leave the product without a translation')
    }
    await writeProductLinks(deps, { trx, tenantId, productId: id }, input)
    events.add(productUpdated, { productId: id })
  })
}
