import type { Kysely } from 'kysely'
import { resolveCommerceDeps, type CommerceDeps, type ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import { cartCreated, cartUpdated, type CartChange } from '../events/cart-events'
import { IdSchema, parseInput } from '../internal/parse-input'
import { addCartCode, removeCartCode } from './cart-codes'
import { addCartLine, changeCartLine } from './cart-lines'
import { lockOpenCart, ownedBy, type LockedCart } from './cart-lock'
import { repriceCart } from './cart-pricing'
import { loadCart, loadCarts } from './cart-reads'
import {
  CartInputSchema,
  CartPatchSchema,
  DiscountCodeInputSchema,
  LineInputSchema,
  LinePatchSchema,
  PromotionCodeSchema,
  ShippingSelectionSchema,
  type CartInput,
  type CartPatch,
  type LineInput,
  type LinePatch,
} from './cart-schemas'
import type { Cart, CartRef } from './cart-types'

/** Carts: a shopper's (customer's or guest's) basket in a region, priced and totalled. */
export interface CartService {
  /** A new cart, owned by `owner.customerId` (a signed-in customer) or a guest's (`null`). */
  create(
    owner: { readonly tenantId: string; readonly customerId: string | null },
    input: CartInput,
    actor: CommerceActor,
  ): Promise<Cart>
  get(ref: CartRef): Promise<Cart>
  /**
   * A customer's own carts, newest first, a page at a time (`after`: the `next` of the previous
   * page); four statements a page whatever its size.
   */
  listForCustomer(
    customer: { readonly tenantId: string; readonly customerId: string },
    page?: { readonly limit?: number; readonly after?: CartPageKey },
  ): Promise<{ readonly items: readonly Cart[]; readonly next: CartPageKey | null }>
  /** E-mail, addresses, region (a new region re-prices every line and drops the shipping option). */
  update(ref: CartRef, patch: CartPatch, actor: CommerceActor): Promise<Cart>
  addLine(ref: CartRef, input: LineInput, actor: CommerceActor): Promise<Cart>
  updateLine(
    ref: CartRef & { readonly lineId: string },
    patch: LinePatch,
    actor: CommerceActor,
  ): Promise<Cart>
  removeLine(ref: CartRef & { readonly lineId: string }, actor: CommerceActor): Promise<Cart>
  addCode(ref: CartRef, input: { readonly code: string }, actor: CommerceActor): Promise<Cart>
  removeCode(ref: CartRef & { readonly code: string }, actor: CommerceActor): Promise<Cart>
  /** A flat-rate option of the cart's region, or `null` for none. */
  selectShipping(
    ref: CartRef,
    input: { readonly shippingOptionId: string | null },
    actor: CommerceActor,
  ): Promise<Cart>
}

/** Where a page of a customer's carts ends: the last cart's creation time and id. */
export interface CartPageKey {
  readonly createdAt: string
  readonly id: string
}

const invalid = (path: string, message: string) =>
  new CommerceError('INVALID_INPUT', `${path} ${message}`, { errors: [{ path, message }] })

async function checkRegion(
  trx: Kysely<CommerceTables>,
  ref: { readonly tenantId: string; readonly regionId: string },
): Promise<string> {
  const region = await trx
    .selectFrom('commerce_regions')
    .select('currency')
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.regionId)
    .forShare()
    .executeTakeFirst()
  if (!region) throw invalid('regionId', 'is not a region of this shop')
  return region.currency
}

/** One change of a cart: lock it, change it, re-price every line, write `cart.updated`. */
function cartChange(deps: ResolvedCommerceDeps) {
  return async (
    ref: CartRef,
    change: { readonly kind: CartChange; readonly actor: CommerceActor },
    work: (trx: Kysely<CommerceTables>, cart: LockedCart, at: Date) => Promise<void>,
  ): Promise<Cart> => {
    const cartId = parseInput(IdSchema, ref.cartId)
    const at = deps.now()
    await writeCommerceChange(
      deps,
      { tenantId: ref.tenantId, actor: change.actor },
      async (trx, events) => {
        const cart = await lockOpenCart(trx, { ...ref, cartId })
        await work(trx, cart, at)
        const current = await trx
          .updateTable('commerce_carts')
          .set({ updated_at: at })
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', cartId)
          .returning(['region_id', 'currency'])
          .executeTakeFirstOrThrow()
        const unpriced = await repriceCart(trx, {
          tenantId: ref.tenantId,
          cartId,
          regionId: current.region_id,
          currency: current.currency,
          at,
        })
        if (unpriced.length > 0 && change.kind === 'details')
          throw invalid('regionId', `has no price for ${unpriced.length} of the cart's lines`)
        events.add(cartUpdated, { cartId, change: change.kind })
      },
    )
    return (await loadCart(deps.db, { tenantId: ref.tenantId, cartId, at: deps.now() })) as Cart
  }
}

/**
 * The cart service. Every change locks the cart, re-resolves every line's price in the cart's
 * region (ADR 0026) and writes `cart.updated` in its transaction; reads total the cart (ADR 0033).
 * A cart with a customer is only that customer's; a guest's cart is anyone's who holds its id
 * (a random UUID): another customer's or another tenant's cart answers `NOT_FOUND`.
 *
 * @example
 * ```ts
 * const carts = createCartService({ db, events: outbox })
 * const cart = await carts.create({ tenantId, customerId: null }, { regionId, email: 'guest@example.com' }, actor)
 * const withLine = await carts.addLine({ tenantId, cartId: cart.id, customerId: null }, { variantId, quantity: 2 }, actor)
 * withLine.totals.total // minor units of the region's currency
 * ```
 */
export function createCartService(
  options: CommerceDeps & { readonly newCartId?: () => string },
): CartService {
  const deps = resolveCommerceDeps(options)
  const newCartId = options.newCartId ?? (() => crypto.randomUUID())
  const change = cartChange(deps)
  const get = async (ref: CartRef): Promise<Cart> => {
    const cartId = parseInput(IdSchema, ref.cartId)
    const cart = await loadCart(deps.db, { tenantId: ref.tenantId, cartId, at: deps.now() })
    if (!cart || !ownedBy({ customer_id: cart.customerId }, ref.customerId))
      throw new CommerceError('NOT_FOUND', `Cart ${cartId} not found`)
    return cart
  }
  return {
    async create(owner, rawInput, actor) {
      const input = parseInput(CartInputSchema, rawInput)
      // Guests hold their cart by its id alone: a random (v4) UUID, never a time-ordered one.
      const id = newCartId()
      const at = deps.now()
      await writeCommerceChange(deps, { tenantId: owner.tenantId, actor }, async (trx, events) => {
        const currency = await checkRegion(trx, {
          tenantId: owner.tenantId,
          regionId: input.regionId,
        })
        await trx
          .insertInto('commerce_carts')
          .values({
            id,
            tenant_id: owner.tenantId,
            region_id: input.regionId,
            currency,
            customer_id: owner.customerId,
            email: input.email,
            shipping_address: jsonOrNull(input.shippingAddress),
            billing_address: jsonOrNull(input.billingAddress),
            created_at: at,
            updated_at: at,
          })
          .execute()
        const cart = await lockOpenCart(trx, { tenantId: owner.tenantId, cartId: id })
        for (const [index, line] of input.lines.entries()) {
          await addCartLine(trx, cart, { ...line, at, newId: deps.newId }).catch(
            (error: unknown) => {
              throw prefixed(error, `lines.${index}`)
            },
          )
        }
        events.add(cartCreated, {
          cartId: id,
          regionId: input.regionId,
          currency,
          ...(owner.customerId === null ? {} : { customerId: owner.customerId }),
        })
      })
      return get({ tenantId: owner.tenantId, cartId: id, customerId: owner.customerId })
    },
    get,
    async listForCustomer(customer, page = {}) {
      const limit = Math.min(Math.max(Math.trunc(page.limit ?? 20), 1), 100)
      const after = page.after
      let query = deps.db
        .selectFrom('commerce_carts')
        .select(['id', 'created_at'])
        .where('tenant_id', '=', customer.tenantId)
        .where('customer_id', '=', customer.customerId)
      if (after) {
        const at = new Date(after.createdAt)
        if (Number.isNaN(at.getTime())) throw invalid('cursor', 'is not a cursor this API issued')
        const id = parseInput(IdSchema, after.id)
        query = query.where((eb) =>
          eb.or([
            eb('created_at', '<', at),
            eb.and([eb('created_at', '=', at), eb('id', '<', id)]),
          ]),
        )
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute()
      const shown = rows.slice(0, limit)
      const items = await loadCarts(deps.db, {
        tenantId: customer.tenantId,
        cartIds: shown.map((row) => row.id),
        at: deps.now(),
      })
      const last = shown.at(-1)
      return {
        items,
        next:
          rows.length > limit && last
            ? { createdAt: last.created_at.toISOString(), id: last.id }
            : null,
      }
    },
    update: async (ref, rawPatch, actor) => {
      const patch = parseInput(CartPatchSchema, rawPatch)
      return change(ref, { kind: 'details', actor }, async (trx, cart) => {
        const currency =
          patch.regionId === undefined || patch.regionId === cart.region_id
            ? undefined
            : await checkRegion(trx, { tenantId: ref.tenantId, regionId: patch.regionId })
        await trx
          .updateTable('commerce_carts')
          .set({
            ...(patch.email === undefined ? {} : { email: patch.email }),
            ...(patch.shippingAddress === undefined
              ? {}
              : { shipping_address: jsonOrNull(patch.shippingAddress) }),
            ...(patch.billingAddress === undefined
              ? {}
              : { billing_address: jsonOrNull(patch.billingAddress) }),
            ...(currency === undefined || patch.regionId === undefined
              ? {}
              : { region_id: patch.regionId, currency, shipping_option_id: null }),
          })
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', cart.id)
          .execute()
      })
    },
    addLine: async (ref, rawInput, actor) => {
      const input = parseInput(LineInputSchema, rawInput)
      return change(ref, { kind: 'lines', actor }, (trx, cart, at) =>
        addCartLine(trx, cart, { ...input, at, newId: deps.newId }),
      )
    },
    updateLine: async (ref, rawPatch, actor) => {
      const lineId = parseInput(IdSchema, ref.lineId)
      const patch = parseInput(LinePatchSchema, rawPatch)
      return change(ref, { kind: 'lines', actor }, (trx, cart, at) =>
        changeCartLine(trx, cart, { lineId, quantity: patch.quantity, at }),
      )
    },
    removeLine: async (ref, actor) => {
      const lineId = parseInput(IdSchema, ref.lineId)
      return change(ref, { kind: 'lines', actor }, (trx, cart, at) =>
        changeCartLine(trx, cart, { lineId, quantity: 0, at }),
      )
    },
    addCode: async (ref, rawInput, actor) => {
      const { code } = parseInput(DiscountCodeInputSchema, rawInput)
      return change(ref, { kind: 'promotions', actor }, (trx, cart, at) =>
        addCartCode(trx, cart, { code, at }),
      )
    },
    removeCode: async (ref, actor) => {
      const code = parseInput(PromotionCodeSchema, ref.code)
      return change(ref, { kind: 'promotions', actor }, (trx, cart) =>
        removeCartCode(trx, cart, code),
      )
    },
    selectShipping: async (ref, rawInput, actor) => {
      const { shippingOptionId } = parseInput(ShippingSelectionSchema, rawInput)
      return change(ref, { kind: 'shipping', actor }, async (trx, cart) => {
        if (shippingOptionId !== null) {
          const option = await trx
            .selectFrom('commerce_shipping_options')
            .select('id')
            .where('tenant_id', '=', ref.tenantId)
            .where('id', '=', shippingOptionId)
            .where('region_id', '=', cart.region_id)
            .forShare()
            .executeTakeFirst()
          if (!option)
            throw invalid('shippingOptionId', "is not a shipping option of the cart's region")
        }
        await trx
          .updateTable('commerce_carts')
          .set({ shipping_option_id: shippingOptionId })
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', cart.id)
          .execute()
      })
    },
  }
}

const jsonOrNull = (value: unknown): string | null =>
  value === null ? null : JSON.stringify(value)

/** A field error of a nested input, its path prefixed (`lines.2.variantId`). */
function prefixed(error: unknown, prefix: string): unknown {
  if (!(error instanceof CommerceError) || error.errors.length === 0) return error
  return new CommerceError(error.code, error.message, {
    cause: error,
    errors: error.errors.map((field) => ({ ...field, path: `${prefix}.${field.path}` })),
  })
}
