/** A price list's kind: `sale` lowers a price (never raises it); `override` replaces it. */
export type PriceListType = 'sale' | 'override'

/** A price list as the resolver sees it. */
export interface PriceListRule {
  readonly id: string
  readonly type: PriceListType
  readonly status: 'draft' | 'active'
  /** Inclusive; `null`: always started. */
  readonly startsAt: Date | null
  /** Exclusive; `null`: never ends. */
  readonly endsAt: Date | null
}

/** One stored price of a variant. Amounts are integers of minor units. */
export interface PriceCandidate {
  readonly id: string
  readonly currency: string
  /** `null`: for every region of the currency. */
  readonly regionId: string | null
  /** Inclusive; at least 1. */
  readonly minQuantity: number
  /** Inclusive; `null`: no upper bound. */
  readonly maxQuantity: number | null
  readonly amount: number
  /** The "was" price shown struck through; `null` when none. */
  readonly compareAt: number | null
  /** `null`: the variant's own price; else the price list it belongs to. */
  readonly priceList: PriceListRule | null
}

/** What a price is asked for. */
export interface PriceContext {
  readonly currency: string
  readonly regionId: string | null
  readonly quantity: number
  readonly at: Date
}

/** Why the resolver picked a price. */
export interface PriceReason {
  /** `base`: the variant's own price; `sale` or `override`: a price list's. */
  readonly source: 'base' | PriceListType
  readonly priceId: string
  readonly priceListId: string | null
  /** Whether the price is for the context's region (else currency-wide). */
  readonly regional: boolean
  readonly tier: { readonly minQuantity: number; readonly maxQuantity: number | null }
}

/** A resolved unit price. */
export interface ResolvedPrice {
  readonly amount: number
  readonly currency: string
  /** The price to show struck through: the base price under a lower sale, else the base's own. */
  readonly compareAt: number | null
  readonly reason: PriceReason
}

function applies(price: PriceCandidate, context: PriceContext): boolean {
  if (price.currency !== context.currency) return false
  if (price.regionId !== null && price.regionId !== context.regionId) return false
  if (context.quantity < price.minQuantity) return false
  if (price.maxQuantity !== null && context.quantity > price.maxQuantity) return false
  const list = price.priceList
  if (list === null) return true
  if (list.status !== 'active') return false
  if (list.startsAt !== null && context.at < list.startsAt) return false
  return list.endsAt === null || context.at < list.endsAt
}

/**
 * The order of preference among prices of one kind: the context's region before currency-wide,
 * then the most specific tier (the highest `minQuantity`), then the lowest amount, then the
 * smallest id — so the answer never depends on the order the prices came in.
 */
function better(a: PriceCandidate, b: PriceCandidate): number {
  if ((a.regionId !== null) !== (b.regionId !== null)) return a.regionId !== null ? -1 : 1
  if (a.minQuantity !== b.minQuantity) return b.minQuantity - a.minQuantity
  if (a.amount !== b.amount) return a.amount - b.amount
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

function best(prices: readonly PriceCandidate[]): PriceCandidate | undefined {
  return [...prices].sort(better)[0]
}

function reasonOf(price: PriceCandidate, source: PriceReason['source']): PriceReason {
  return {
    source,
    priceId: price.id,
    priceListId: price.priceList?.id ?? null,
    regional: price.regionId !== null,
    tier: { minQuantity: price.minQuantity, maxQuantity: price.maxQuantity },
  }
}

/**
 * The unit price of a variant in a context (currency, region, quantity, time), and why.
 *
 * 1. A price applies when it is in the currency, for the region or currency-wide, its quantity
 *    tier holds the quantity, and its price list (if any) is active at the time.
 * 2. Among prices of one kind the preferred one is regional before currency-wide, then the
 *    narrowest tier (highest minimum), then the lowest amount, then the smallest id.
 * 3. An applicable `override` price wins outright (it may be higher than the base).
 * 4. Otherwise the base price (the variant's own), lowered by the best `sale` price when that is
 *    lower; the base amount then becomes `compareAt`. A sale never raises a price.
 * 5. A sale without any base price is the price. No applicable price at all: `undefined`.
 *
 * Pure and deterministic: the same prices in any order give the same answer.
 */
export function resolvePrice(
  prices: readonly PriceCandidate[],
  context: PriceContext,
): ResolvedPrice | undefined {
  const applicable = prices.filter((price) => applies(price, context))
  const override = best(applicable.filter((price) => price.priceList?.type === 'override'))
  if (override)
    return {
      amount: override.amount,
      currency: context.currency,
      compareAt: override.compareAt,
      reason: reasonOf(override, 'override'),
    }
  const base = best(applicable.filter((price) => price.priceList === null))
  const sale = best(applicable.filter((price) => price.priceList?.type === 'sale'))
  if (sale && (!base || sale.amount < base.amount))
    return {
      amount: sale.amount,
      currency: context.currency,
      compareAt: base ? base.amount : sale.compareAt,
      reason: reasonOf(sale, 'sale'),
    }
  if (!base) return undefined
  return {
    amount: base.amount,
    currency: context.currency,
    compareAt: base.compareAt,
    reason: reasonOf(base, 'base'),
  }
}
