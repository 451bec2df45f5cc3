import { randomUUID } from 'node:crypto'
import type { CommerceTestDb } from '../testing/commerce-test-db.test-helper'
import { createOutbox } from '@rustok/outbox'
import { createEventCatalog } from '@rustok/core-events'
import { commerceEvents } from '../commerce-events'
import { createCartService, type CartService } from './cart-service'
import { createPromotionService, type PromotionService } from './promotion-service'
import { createShippingOptionService, type ShippingOptionService } from './shipping-option-service'

/** A tenant's shop for cart tests: an EU region (20% in prices) and a US one (8.875% added). */
export interface CartShop {
  readonly tenantId: string
  readonly eu: { readonly id: string }
  readonly us: { readonly id: string }
  /** Variants of an active product: `a` 1999 EUR / 1500 USD, `b` 500 EUR only; `draft` of a draft. */
  readonly a: string
  readonly b: string
  readonly draft: string
  readonly carts: CartService
  readonly promotions: PromotionService
  readonly shipping: ShippingOptionService
}

export const actor = { userId: null }

/** Sets up a shop in a fresh tenant of `t`. */
export async function cartShop(t: CommerceTestDb): Promise<CartShop> {
  const tenantId = randomUUID()
  const admin = { userId: randomUUID() }
  const pricing = t.pricing()
  const eu = await pricing.regions.create(
    tenantId,
    { name: 'EU', currency: 'EUR', taxRate: '20', taxIncluded: true },
    admin,
  )
  const us = await pricing.regions.create(
    tenantId,
    { name: 'US', currency: 'USD', taxRate: '8.875', taxIncluded: false },
    admin,
  )
  const product = await t.products().create(
    tenantId,
    {
      translations: [{ locale: 'en', title: 'Shirt' }],
      options: [
        {
          translations: [{ locale: 'en', name: 'Size' }],
          values: ['S', 'M'].map((label) => ({ translations: [{ locale: 'en', label }] })),
        },
      ],
    },
    admin,
  )
  await t.products().transition({ tenantId, id: product.id }, 'publish', admin)
  const [a = '', b = ''] = product.variants.map((variant) => variant.id)
  await pricing.prices.add({ tenantId, variantId: a }, { currency: 'EUR', amount: 1999 }, admin)
  await pricing.prices.add({ tenantId, variantId: a }, { currency: 'USD', amount: 1500 }, admin)
  await pricing.prices.add({ tenantId, variantId: b }, { currency: 'EUR', amount: 500 }, admin)
  const draftProduct = await t
    .products()
    .create(tenantId, { translations: [{ locale: 'en', title: 'Draft' }], variants: [{}] }, admin)
  const draft = draftProduct.variants[0]?.id ?? ''
  await pricing.prices.add({ tenantId, variantId: draft }, { currency: 'EUR', amount: 100 }, admin)
  const events = createOutbox({ catalog: createEventCatalog(commerceEvents) })
  const deps = { db: t.db, events }
  return {
    tenantId,
    eu,
    us,
    a,
    b,
    draft,
    carts: createCartService(deps),
    promotions: createPromotionService(deps),
    shipping: createShippingOptionService(deps),
  }
}

/** The code of a rejected promise's `CommerceError`, with its first field error. */
export async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work
    return 'resolved'
  } catch (error) {
    const { code, errors } = error as {
      code?: string
      errors?: { path: string; message: string }[]
    }
    const first = errors?.[0]
    return first ? `${code} ${first.path}: ${first.message}` : String(code)
  }
}
