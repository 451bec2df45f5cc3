import { sql, type Kysely } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { productUpdated } from '../events/product-events'
import { invalid } from '../grouping/grouping-tx'
import { parseInput } from '../internal/parse-input'
import {
  AddOptionSchema,
  UpdateOptionSchema,
  type AddOptionInput,
  type UpdateOptionInput,
} from './option-schemas'
import { writeCommerceChange, type CommerceActor } from './product-tx'
import { lockProduct } from './variant-writes'

/** The most options one product has. */
export const MAX_OPTIONS = 5

type Command = {
  readonly tenantId: string
  readonly productId: string
  readonly actor: CommerceActor
}

/** Recomputes the option-combination key of every variant of the product: one statement. */
async function rekeyVariants(trx: Kysely<CommerceTables>, command: Command): Promise<void> {
  const links = await trx
    .selectFrom('commerce_variant_option_values as l')
    .innerJoin('commerce_variants as v', (join) =>
      join.onRef('v.id', '=', 'l.variant_id').onRef('v.tenant_id', '=', 'l.tenant_id'),
    )
    .select(['l.variant_id', 'l.value_id'])
    .where('v.tenant_id', '=', command.tenantId)
    .where('v.product_id', '=', command.productId)
    .execute()
  const byVariant = new Map<string, string[]>()
  for (const link of links)
    byVariant.set(link.variant_id, [...(byVariant.get(link.variant_id) ?? []), link.value_id])
  if (byVariant.size === 0) return
  const ids = [...byVariant.keys()]
  const keys = ids.map((id) => [...(byVariant.get(id) ?? [])].sort().join(','))
  await sql`
    update commerce_variants v set option_key = k.key
    from unnest(${ids}::uuid[], ${keys}::text[]) as k (id, key)
    where v.tenant_id = ${command.tenantId} and v.id = k.id`.execute(trx)
}

/**
 * Adds an option with its values to a product; every existing variant takes the option's first
 * value, so the combinations stay distinct. Emits `product.updated`.
 */
export async function addOption(
  deps: ResolvedCommerceDeps,
  command: Command,
  rawInput: AddOptionInput,
): Promise<void> {
  const input = parseInput(AddOptionSchema, rawInput)
  const { tenantId, productId } = command
  await writeCommerceChange(deps, command, async (trx, events) => {
    await lockProduct(trx, command)
    const options = await trx
      .selectFrom('commerce_product_options')
      .select('position')
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .execute()
    if (options.length >= MAX_OPTIONS)
      throw new CommerceError('CONFLICT', `A product has at most ${MAX_OPTIONS} options`)
    const optionId = deps.newId()
    const position = Math.max(-1, ...options.map((o) => o.position)) + 1
    await trx
      .insertInto('commerce_product_options')
      .values({ id: optionId, tenant_id: tenantId, product_id: productId, position })
      .execute()
    await trx
      .insertInto('commerce_option_translations')
      .values(input.translations.map((t) => ({ tenant_id: tenantId, option_id: optionId, ...t })))
      .execute()
    const valueIds = await insertValues(
      trx,
      { tenantId, optionId, from: 0, newId: deps.newId },
      input.values,
    )
    const variants = await trx
      .selectFrom('commerce_variants')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .execute()
    if (variants.length > 0)
      await trx
        .insertInto('commerce_variant_option_values')
        .values(
          variants.map((variant) => ({
            tenant_id: tenantId,
            variant_id: variant.id,
            value_id: valueIds[0] ?? '',
          })),
        )
        .execute()
    await rekeyVariants(trx, command)
    events.add(productUpdated, { productId })
  })
}

async function insertValues(
  trx: Kysely<CommerceTables>,
  at: {
    readonly tenantId: string
    readonly optionId: string
    readonly from: number
    readonly newId: () => string
  },
  values: readonly { readonly translations: readonly { locale: string; label: string }[] }[],
): Promise<string[]> {
  const ids = values.map(() => at.newId())
  if (ids.length === 0) return ids
  await trx
    .insertInto('commerce_option_values')
    .values(
      ids.map((id, i) => ({
        id,
        tenant_id: at.tenantId,
        option_id: at.optionId,
        position: at.from + i,
      })),
    )
    .execute()
  await trx
    .insertInto('commerce_option_value_translations')
    .values(
      values.flatMap((value, i) =>
        value.translations.map((t) => ({ tenant_id: at.tenantId, value_id: ids[i] ?? '', ...t })),
      ),
    )
    .execute()
  return ids
}

/**
 * Renames an option and its values (texts merge by locale), appends values, removes unused ones
 * (`CONFLICT` while a variant uses one; an option keeps one value at least). `product.updated`.
 */
export async function updateOption(
  deps: ResolvedCommerceDeps,
  command: Command & { readonly optionId: string },
  rawInput: UpdateOptionInput,
): Promise<void> {
  const input = parseInput(UpdateOptionSchema, rawInput)
  const { tenantId, productId, optionId } = command
  await writeCommerceChange(deps, command, async (trx, events) => {
    await lockProduct(trx, command)
    const option = await trx
      .selectFrom('commerce_product_options')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('product_id', '=', productId)
      .where('id', '=', optionId)
      .executeTakeFirst()
    if (!option) throw new CommerceError('NOT_FOUND', `Option ${optionId} not found`)
    const values = await trx
      .selectFrom('commerce_option_values')
      .select(['id', 'position'])
      .where('tenant_id', '=', tenantId)
      .where('option_id', '=', optionId)
      .execute()
    const own = new Set(values.map((value) => value.id))
    if (input.translations)
      await trx
        .insertInto('commerce_option_translations')
        .values(input.translations.map((t) => ({ tenant_id: tenantId, option_id: optionId, ...t })))
        .onConflict((oc) =>
          oc
            .columns(['option_id', 'locale'])
            .doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
        )
        .execute()
    for (const [index, rename] of (input.rename ?? []).entries()) {
      if (!own.has(rename.valueId))
        throw invalid(`rename.${index}.valueId`, 'is not a value of this option')
      await trx
        .insertInto('commerce_option_value_translations')
        .values(
          rename.translations.map((t) => ({ tenant_id: tenantId, value_id: rename.valueId, ...t })),
        )
        .onConflict((oc) =>
          oc
            .columns(['value_id', 'locale'])
            .doUpdateSet((eb) => ({ label: eb.ref('excluded.label') })),
        )
        .execute()
    }
    const removing = input.removeValueIds ?? []
    const foreign = removing.findIndex((id) => !own.has(id))
    if (foreign >= 0) throw invalid(`removeValueIds.${foreign}`, 'is not a value of this option')
    if (removing.length > 0) {
      const used = await trx
        .selectFrom('commerce_variant_option_values')
        .select('value_id')
        .where('tenant_id', '=', tenantId)
        .where('value_id', 'in', removing)
        .limit(1)
        .executeTakeFirst()
      if (used)
        throw new CommerceError('CONFLICT', 'A value in use by a variant cannot be removed', {
          errors: [
            {
              path: `removeValueIds.${removing.indexOf(used.value_id)}`,
              message: 'is used by a variant',
            },
          ],
        })
      await trx
        .deleteFrom('commerce_option_values')
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', removing)
        .execute()
    }
    const from = Math.max(-1, ...values.map((value) => value.position)) + 1
    await insertValues(trx, { tenantId, optionId, from, newId: deps.newId }, input.addValues ?? [])
    if (values.length - removing.length + (input.addValues?.length ?? 0) < 1)
      throw invalid('removeValueIds', 'would leave the option without a value')
    events.add(productUpdated, { productId })
  })
}
