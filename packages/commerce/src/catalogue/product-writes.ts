import slugify from '@sindresorhus/slugify'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { ProductStatus } from '../commerce-tables'
import {
  productArchived,
  productCreated,
  productDeleted,
  productPublished,
  productRestored,
} from '../events/product-events'
import { variantCreated } from '../events/variant-events'
import { parseInput } from '../internal/parse-input'
import {
  CreateProductSchema,
  MAX_VARIANTS,
  type CreateProductCommand,
  type CreateProductInput,
} from './product-schemas'
import { assertMediaKnown, writeProductLinks } from './product-links'
import { PRODUCT_TRANSITIONS, type ProductTransition } from './product-status'
import { writeCommerceChange, type CommerceActor } from './product-tx'

const invalid = (path: string, message: string): CommerceError =>
  new CommerceError('INVALID_INPUT', `${path}: ${message}`, { errors: [{ path, message }] })

/** Every combination of one value per option, in order: [[0,0],[0,1],[1,0],…]. */
function combinations(sizes: readonly number[]): number[][] {
  return sizes.reduce<number[][]>(
    (combos, size) =>
      combos.flatMap((combo) => Array.from({ length: size }, (_, i) => [...combo, i])),
    [[]],
  )
}

type VariantPlan = NonNullable<CreateProductCommand['variants']>[number] & { values: number[] }

/** The variants to create: as given (checked against the options), or every combination. */
function planVariants(input: CreateProductCommand): VariantPlan[] {
  const sizes = input.options.map((option) => option.values.length)
  if (input.variants === undefined) {
    const all = combinations(sizes)
    if (all.length > MAX_VARIANTS)
      throw invalid('options', `make ${all.length} combinations; at most ${MAX_VARIANTS} variants`)
    return all.map((values) => ({ values }))
  }
  const seen = new Map<string, number>()
  const skus = new Map<string, number>()
  return input.variants.map((variant, index) => {
    const values = variant.values ?? []
    if (values.length !== sizes.length || values.some((value, i) => value >= (sizes[i] ?? 0)))
      throw invalid(
        `variants.${index}.values`,
        `must name one value of each of the ${sizes.length} options`,
      )
    const key = values.join(',')
    if (seen.has(key))
      throw invalid(
        `variants.${index}.values`,
        `repeats the combination of variant ${seen.get(key)}`,
      )
    seen.set(key, index)
    if (variant.sku) {
      if (skus.has(variant.sku))
        throw invalid(
          `variants.${index}.sku`,
          `repeats the SKU of variant ${skus.get(variant.sku)}`,
        )
      skus.set(variant.sku, index)
    }
    return { ...variant, values }
  })
}

/**
 * Creates a product with its translations, options, values and variants in one transaction: all
 * of it or nothing. Without `variants`, one variant per combination of option values. Emits
 * `product.created` and one `variant.created` per variant.
 */
export async function createProduct(
  deps: ResolvedCommerceDeps,
  by: { readonly tenantId: string; readonly actor: CommerceActor },
  rawInput: CreateProductInput,
): Promise<string> {
  const input = parseInput(CreateProductSchema, rawInput)
  const plan = planVariants(input)
  await assertMediaKnown(deps, by.tenantId, input)
  const { tenantId } = by
  const productId = deps.newId()
  const fieldOf = (field: string, value: string): string => {
    if (field === 'handle') {
      const index = input.translations.findIndex((t) => (t.handle ?? slugify(t.title)) === value)
      return `translations.${Math.max(index, 0)}.handle`
    }
    if (field === 'sku' || field === 'barcode') {
      const index = plan.findIndex((variant) => variant[field] === value)
      return index < 0 ? 'variants' : `variants.${index}.${field}`
    }
    return field
  }
  await writeCommerceChange(deps, { ...by, fieldOf }, async (trx, events) => {
    const at = deps.now()
    await trx
      .insertInto('commerce_products')
      .values({
        id: productId,
        tenant_id: tenantId,
        is_gift_card: input.isGiftCard,
        discountable: input.discountable,
        weight: input.weight ?? null,
        length: input.length ?? null,
        height: input.height ?? null,
        width: input.width ?? null,
        origin_country: input.originCountry ?? null,
        hs_code: input.hsCode ?? null,
        external_id: input.externalId ?? null,
        metadata: JSON.stringify(input.metadata),
        created_at: at,
        updated_at: at,
        published_at: null,
      })
      .execute()
    await trx
      .insertInto('commerce_product_translations')
      .values(
        input.translations.map((t) => ({
          tenant_id: tenantId,
          product_id: productId,
          locale: t.locale,
          title: t.title,
          subtitle: t.subtitle ?? null,
          handle: t.handle ?? (slugify(t.title).slice(0, 200).replace(/-+$/, '') || 'product'),
          description: t.description ?? null,
          material: t.material ?? null,
        })),
      )
      .execute()
    const valueIds: string[][] = []
    for (const [position, option] of input.options.entries()) {
      const optionId = deps.newId()
      await trx
        .insertInto('commerce_product_options')
        .values({ id: optionId, tenant_id: tenantId, product_id: productId, position })
        .execute()
      await trx
        .insertInto('commerce_option_translations')
        .values(
          option.translations.map((t) => ({ tenant_id: tenantId, option_id: optionId, ...t })),
        )
        .execute()
      const ids = option.values.map(() => deps.newId())
      valueIds.push(ids)
      await trx
        .insertInto('commerce_option_values')
        .values(ids.map((id, i) => ({ id, tenant_id: tenantId, option_id: optionId, position: i })))
        .execute()
      await trx
        .insertInto('commerce_option_value_translations')
        .values(
          option.values.flatMap((value, i) =>
            value.translations.map((t) => ({ tenant_id: tenantId, value_id: ids[i] ?? '', ...t })),
          ),
        )
        .execute()
    }
    const variants = plan.map((variant, rank) => {
      const ids = variant.values.map((value, option) => valueIds[option]?.[value] ?? '')
      return { id: deps.newId(), variant, rank, ids }
    })
    await trx
      .insertInto('commerce_variants')
      .values(
        variants.map(({ id, variant, rank, ids }) => ({
          id,
          tenant_id: tenantId,
          product_id: productId,
          sku: variant.sku ?? null,
          barcode: variant.barcode ?? null,
          manage_inventory: variant.manageInventory ?? true,
          allow_backorder: variant.allowBackorder ?? false,
          rank: variant.rank ?? rank,
          option_key: [...ids].sort().join(','),
          metadata: JSON.stringify(variant.metadata ?? {}),
          created_at: at,
          updated_at: at,
        })),
      )
      .execute()
    const links = variants.flatMap(({ id, ids }) =>
      ids.map((valueId) => ({ tenant_id: tenantId, variant_id: id, value_id: valueId })),
    )
    if (links.length > 0)
      await trx.insertInto('commerce_variant_option_values').values(links).execute()
    await writeProductLinks(deps, { trx, tenantId, productId }, input)
    events.add(productCreated, { productId })
    for (const { id } of variants) events.add(variantCreated, { variantId: id, productId })
  })
  return productId
}

const TRANSITION_EVENTS = {
  publish: productPublished,
  archive: productArchived,
  restore: productRestored,
} as const

/**
 * Applies a status transition; the conditional update decides, so of two racing requests one
 * wins and the other gets `INVALID_TRANSITION`.
 */
export async function transitionProduct(
  deps: ResolvedCommerceDeps,
  command: { readonly tenantId: string; readonly id: string; readonly actor: CommerceActor },
  transition: ProductTransition,
): Promise<void> {
  const rule = PRODUCT_TRANSITIONS[transition]
  await writeCommerceChange(deps, command, async (trx, events) => {
    const at = deps.now()
    const changed = await trx
      .updateTable('commerce_products')
      .set({
        status: rule.to,
        updated_at: at,
        ...(transition === 'publish' ? { published_at: at } : {}),
      })
      .where('tenant_id', '=', command.tenantId)
      .where('id', '=', command.id)
      .where('status', 'in', rule.from as readonly ProductStatus[])
      .returning('id')
      .executeTakeFirst()
    if (!changed) {
      const now = await trx
        .selectFrom('commerce_products')
        .select('status')
        .where('tenant_id', '=', command.tenantId)
        .where('id', '=', command.id)
        .executeTakeFirst()
      if (!now) throw new CommerceError('NOT_FOUND', `Product ${command.id} not found`)
      throw new CommerceError(
        'INVALID_TRANSITION',
        `Cannot ${transition} a product that is ${now.status}; ${transition} leaves ${rule.from.join(' or ')}`,
      )
    }
    events.add(TRANSITION_EVENTS[transition], { productId: command.id })
  })
}

/**
 * Deletes a product with its options and variants. Refused (`CONFLICT`) while it is active:
 * archive it first, so nothing on sale disappears in one step.
 */
export async function deleteProduct(
  deps: ResolvedCommerceDeps,
  command: { readonly tenantId: string; readonly id: string; readonly actor: CommerceActor },
): Promise<void> {
  await writeCommerceChange(deps, command, async (trx, events) => {
    const removed = await trx
      .deleteFrom('commerce_products')
      .where('tenant_id', '=', command.tenantId)
      .where('id', '=', command.id)
      .where('status', '<>', 'active')
      .returning('id')
      .executeTakeFirst()
    if (!removed) {
      const exists = await trx
        .selectFrom('commerce_products')
        .select('status')
        .where('tenant_id', '=', command.tenantId)
        .where('id', '=', command.id)
        .executeTakeFirst()
      if (!exists) throw new CommerceError('NOT_FOUND', `Product ${command.id} not found`)
      throw new CommerceError('CONFLICT', 'An active product cannot be deleted: archive it first')
    }
    events.add(productDeleted, { productId: command.id })
  })
}
