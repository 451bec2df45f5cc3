import type { Kysely } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { variantCreated, variantDeleted, variantUpdated } from '../events/variant-events'
import { invalid } from '../grouping/grouping-tx'
import { parseInput } from '../internal/parse-input'
import {
  AddVariantSchema,
  UpdateVariantSchema,
  type AddVariantInput,
  type UpdateVariantCommand,
  type UpdateVariantInput,
} from './product-update-schemas'
import { MAX_VARIANTS } from './product-schemas'
import { writeCommerceChange, type CommerceActor } from './product-tx'

/** A variant of a product of a tenant. */
export interface VariantRef {
  readonly tenantId: string
  readonly productId: string
  readonly variantId: string
}

type ProductCommand = {
  readonly tenantId: string
  readonly productId: string
  readonly actor: CommerceActor
}

/** Locks the product's row: variant and option changes of one product run one at a time. */
export async function lockProduct(
  trx: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly productId: string },
): Promise<void> {
  const row = await trx
    .selectFrom('commerce_products')
    .select('id')
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.productId)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw new CommerceError('NOT_FOUND', `Product ${ref.productId} not found`)
}

const variantNotFound = (id: string): CommerceError =>
  new CommerceError('NOT_FOUND', `Variant ${id} not found`)

/** The columns an update sets: only the fields it was given. */
function variantColumns(input: UpdateVariantCommand): Record<string, unknown> {
  return {
    ...(input.sku === undefined ? {} : { sku: input.sku }),
    ...(input.barcode === undefined ? {} : { barcode: input.barcode }),
    ...(input.manageInventory === undefined ? {} : { manage_inventory: input.manageInventory }),
    ...(input.allowBackorder === undefined ? {} : { allow_backorder: input.allowBackorder }),
    ...(input.rank === undefined ? {} : { rank: input.rank }),
    ...(input.metadata === undefined ? {} : { metadata: JSON.stringify(input.metadata) }),
  }
}

/**
 * Adds a variant for a new combination of the product's option values (one value of each
 * option); a combination that exists is `CONFLICT`. Emits `variant.created`. Returns its id.
 */
export async function addVariant(
  deps: ResolvedCommerceDeps,
  command: ProductCommand,
  rawInput: AddVariantInput,
): Promise<string> {
  const input = parseInput(AddVariantSchema, rawInput)
  const { tenantId, productId } = command
  const id = deps.newId()
  await writeCommerceChange(
    deps,
    { ...command, fieldOf: (field) => field },
    async (trx, events) => {
      await lockProduct(trx, command)
      const values = await trx
        .selectFrom('commerce_option_values as v')
        .innerJoin('commerce_product_options as o', (join) =>
          join.onRef('o.id', '=', 'v.option_id').onRef('o.tenant_id', '=', 'v.tenant_id'),
        )
        .select(['v.id', 'v.option_id'])
        .where('o.tenant_id', '=', tenantId)
        .where('o.product_id', '=', productId)
        .execute()
      const optionOf = new Map(values.map((value) => [value.id, value.option_id]))
      const options = new Set(values.map((value) => value.option_id))
      const unknown = input.valueIds.findIndex((valueId) => !optionOf.has(valueId))
      if (unknown >= 0) throw invalid(`valueIds.${unknown}`, 'is not a value of this product')
      const covered = new Set(input.valueIds.map((valueId) => optionOf.get(valueId)))
      if (covered.size !== options.size || input.valueIds.length !== options.size)
        throw invalid('valueIds', `must name one value of each of the ${options.size} options`)
      const count = await trx
        .selectFrom('commerce_variants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('product_id', '=', productId)
        .executeTakeFirstOrThrow()
      if (Number(count.n) >= MAX_VARIANTS)
        throw new CommerceError('CONFLICT', `A product has at most ${MAX_VARIANTS} variants`)
      const at = deps.now()
      await trx
        .insertInto('commerce_variants')
        .values({
          id,
          tenant_id: tenantId,
          product_id: productId,
          sku: input.sku ?? null,
          barcode: input.barcode ?? null,
          manage_inventory: input.manageInventory ?? true,
          allow_backorder: input.allowBackorder ?? false,
          rank: input.rank ?? Number(count.n),
          option_key: [...input.valueIds].sort().join(','),
          metadata: JSON.stringify(input.metadata ?? {}),
          created_at: at,
          updated_at: at,
        })
        .execute()
      if (input.valueIds.length > 0)
        await trx
          .insertInto('commerce_variant_option_values')
          .values(
            input.valueIds.map((valueId) => ({
              tenant_id: tenantId,
              variant_id: id,
              value_id: valueId,
            })),
          )
          .execute()
      events.add(variantCreated, { variantId: id, productId })
    },
  )
  return id
}

/** Updates a variant's stock-keeping fields; emits `variant.updated`. */
export async function updateVariant(
  deps: ResolvedCommerceDeps,
  command: VariantRef & { readonly actor: CommerceActor },
  rawInput: UpdateVariantInput,
): Promise<void> {
  const input = parseInput(UpdateVariantSchema, rawInput)
  await writeCommerceChange(deps, command, async (trx, events) => {
    const changed = await trx
      .updateTable('commerce_variants')
      .set({ ...variantColumns(input), updated_at: deps.now() })
      .where('tenant_id', '=', command.tenantId)
      .where('product_id', '=', command.productId)
      .where('id', '=', command.variantId)
      .returning('id')
      .executeTakeFirst()
    if (!changed) throw variantNotFound(command.variantId)
    events.add(variantUpdated, { variantId: command.variantId, productId: command.productId })
  })
}

/**
 * Deletes a variant with its stock levels and prices. Refused (`CONFLICT`) for the product's
 * last variant and while units of it are reserved (a cart or an order holds them).
 */
export async function deleteVariant(
  deps: ResolvedCommerceDeps,
  command: VariantRef & { readonly actor: CommerceActor },
): Promise<void> {
  const { tenantId, productId, variantId } = command
  await writeCommerceChange(deps, command, async (trx, events) => {
    await lockProduct(trx, command)
    const variants = await trx
      .selectFrom('commerce_variants')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .execute()
    if (!variants.some((variant) => variant.id === variantId)) throw variantNotFound(variantId)
    if (variants.length === 1)
      throw new CommerceError('CONFLICT', 'The last variant of a product cannot be deleted')
    const reserved = await trx
      .selectFrom('commerce_reservations')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('variant_id', '=', variantId)
      .where('status', '=', 'active')
      .limit(1)
      .executeTakeFirst()
    if (reserved)
      throw new CommerceError(
        'CONFLICT',
        'A variant with active reservations cannot be deleted: release them first',
      )
    await trx
      .deleteFrom('commerce_variants')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', variantId)
      .execute()
    events.add(variantDeleted, { variantId, productId })
  })
}
