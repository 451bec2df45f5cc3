import { createEventCatalog, isCoreEventsError, NIL_UUID } from '@rustok/core-events'
import { describe, expect, test } from 'vitest'
import { commerceEvents } from './commerce-events'
import type { CommerceEventType } from './commerce-events'
import { cartEventSamples } from './events/cart-event-samples.test-helper'

const id = '0190a0d4-7f55-7c1e-9c1a-3f1f2b3c4d5e'
const other = '0190a0d4-7f55-7c1e-9c1a-bbbbbbbbbbbb'
const location = '0190a0d4-7f55-7c1e-9c1a-cccccccccccc'
const catalog = createEventCatalog(commerceEvents)
const priceScope = {
  priceId: location,
  variantId: id,
  productId: other,
  currency: 'EUR',
  regionId: null,
  priceListId: other,
  minQuantity: 1,
}

/** A valid payload of every commerce event and the field that holds its aggregate id. */
const samples: Record<CommerceEventType, { payload: Record<string, unknown>; idField: string }> = {
  ...cartEventSamples,
  'product.created': { payload: { productId: id }, idField: 'productId' },
  'product.updated': { payload: { productId: id }, idField: 'productId' },
  'product.published': { payload: { productId: id }, idField: 'productId' },
  'product.deleted': { payload: { productId: id }, idField: 'productId' },
  'product.archived': { payload: { productId: id }, idField: 'productId' },
  'product.restored': { payload: { productId: id }, idField: 'productId' },
  'collection.created': { payload: { collectionId: id }, idField: 'collectionId' },
  'collection.updated': { payload: { collectionId: id }, idField: 'collectionId' },
  'collection.deleted': { payload: { collectionId: id }, idField: 'collectionId' },
  'product_category.created': { payload: { categoryId: id }, idField: 'categoryId' },
  'product_category.updated': { payload: { categoryId: id }, idField: 'categoryId' },
  'product_category.deleted': { payload: { categoryId: id }, idField: 'categoryId' },
  'variant.created': { payload: { variantId: other, productId: id }, idField: 'productId' },
  'variant.updated': { payload: { variantId: other, productId: id }, idField: 'productId' },
  'variant.deleted': { payload: { variantId: other, productId: id }, idField: 'productId' },
  'inventory.updated': {
    payload: {
      variantId: id,
      productId: other,
      locationId: location,
      oldQuantity: 5,
      newQuantity: 3,
    },
    idField: 'variantId',
  },
  'inventory.low': {
    payload: { variantId: id, productId: other, remaining: 2, threshold: 5 },
    idField: 'variantId',
  },
  'reservation.created': {
    payload: {
      reservationId: other,
      variantId: id,
      locationId: other,
      quantity: 2,
      reference: 'cart:1',
    },
    idField: 'variantId',
  },
  'reservation.released': {
    payload: {
      reservationId: other,
      variantId: id,
      locationId: other,
      quantity: 2,
      reference: 'cart:1',
    },
    idField: 'variantId',
  },
  'reservation.expired': {
    payload: {
      reservationId: other,
      variantId: id,
      locationId: other,
      quantity: 2,
      reference: 'cart:1',
    },
    idField: 'variantId',
  },
  'reservation.converted': {
    payload: {
      reservationId: other,
      variantId: id,
      locationId: other,
      quantity: 2,
      reference: 'cart:1',
    },
    idField: 'variantId',
  },
  'price.created': {
    payload: { ...priceScope, amount: 1000 },
    idField: 'variantId',
  },
  'price.updated': {
    payload: { ...priceScope, oldAmount: 1000, newAmount: 1200 },
    idField: 'variantId',
  },
  'price.deleted': {
    payload: { ...priceScope, amount: 1000 },
    idField: 'variantId',
  },
  'price_list.created': {
    payload: { priceListId: id, type: 'sale', status: 'draft' },
    idField: 'priceListId',
  },
  'price_list.updated': {
    payload: { priceListId: id, type: 'override', status: 'active' },
    idField: 'priceListId',
  },
  'price_list.deleted': {
    payload: { priceListId: id, type: 'sale', status: 'active' },
    idField: 'priceListId',
  },
  'region.created': { payload: { regionId: id, currency: 'EUR' }, idField: 'regionId' },
  'region.updated': { payload: { regionId: id, currency: 'EUR' }, idField: 'regionId' },
  'region.deleted': { payload: { regionId: id, currency: 'USD' }, idField: 'regionId' },
  'order.placed': {
    payload: { orderId: id, customerId: other, total: 4200, currency: 'USD' },
    idField: 'orderId',
  },
  'order.confirmed': { payload: { orderId: id, number: '1001' }, idField: 'orderId' },
  'order.paid': {
    payload: { orderId: id, number: '1001', amount: 4200, currency: 'USD', transactionId: other },
    idField: 'orderId',
  },
  'order.shipped': {
    payload: { orderId: id, number: '1001', carrier: 'dhl', trackingNumber: 'JD0141' },
    idField: 'orderId',
  },
  'order.delivered': { payload: { orderId: id, number: '1001' }, idField: 'orderId' },
  'order.refunded': {
    payload: { orderId: id, number: '1001', amount: 100, currency: 'JPY', transactionId: other },
    idField: 'orderId',
  },
  'order.cancelled': { payload: { orderId: id, reason: 'out of stock' }, idField: 'orderId' },
  'checkout.started': { payload: { checkoutId: id, cartId: other }, idField: 'checkoutId' },
  'checkout.failed': {
    payload: { checkoutId: id, cartId: other, code: 'PAYMENT_DECLINED' },
    idField: 'checkoutId',
  },
}

function issuesOf(type: string, payload: unknown): readonly { path: string; message: string }[] {
  try {
    catalog.validate(type as CommerceEventType, payload)
    return []
  } catch (error) {
    if (isCoreEventsError(error)) return error.issues
    throw error
  }
}

describe.each(commerceEvents.map((definition) => [definition.type, definition] as const))(
  '%s',
  (type, definition) => {
    const sample = samples[type]

    test('accepts the sample and picks its aggregate id', () => {
      expect(issuesOf(type, sample.payload)).toEqual([])
      expect(definition.aggregateId(catalog.validate(type, sample.payload) as never)).toBe(id)
    })

    test('rejects a nil UUID in its aggregate id field', () => {
      expect(issuesOf(type, { ...sample.payload, [sample.idField]: NIL_UUID })).toEqual([
        { path: `payload.${sample.idField}`, message: 'must not be the nil UUID' },
      ])
    })
  },
)

describe('commerce payload rules', () => {
  const inventory = samples['inventory.updated'].payload
  const low = samples['inventory.low'].payload
  const price = samples['price.updated'].payload

  test('every commerce event has a sample, and a catalogue takes them all', () => {
    expect(commerceEvents.map((definition) => definition.type).sort()).toEqual(
      Object.keys(samples).sort(),
    )
    expect(createEventCatalog(commerceEvents).list()).toHaveLength(53)
  })

  test('inventory.updated requires a real location id', () => {
    expect(issuesOf('inventory.updated', { ...inventory, locationId: NIL_UUID })).toEqual([
      { path: 'payload.locationId', message: 'must not be the nil UUID' },
    ])
    const { locationId: _omitted, ...withoutLocation } = inventory
    expect(issuesOf('inventory.updated', withoutLocation).map((issue) => issue.path)).toEqual([
      'payload.locationId',
    ])
  })

  test('inventory quantities are safe integers ≥ 0', () => {
    expect(
      issuesOf('inventory.updated', { ...inventory, oldQuantity: -1, newQuantity: 1.5 }),
    ).toEqual([
      { path: 'payload.oldQuantity', message: 'must be ≥ 0' },
      { path: 'payload.newQuantity', message: 'must be a safe integer' },
    ])
  })

  test('inventory.low accepts remaining == threshold and rejects remaining > threshold', () => {
    expect(issuesOf('inventory.low', { ...low, remaining: 5, threshold: 5 })).toEqual([])
    expect(issuesOf('inventory.low', { ...low, remaining: 0, threshold: 0 })).toEqual([])
    expect(issuesOf('inventory.low', { ...low, remaining: 6, threshold: 5 })).toEqual([
      { path: 'payload.remaining', message: 'must be ≤ threshold' },
    ])
  })

  test('currencies must be ISO 4217 shaped', () => {
    expect(issuesOf('price.updated', { ...price, currency: 'eur' })).toEqual([
      { path: 'payload.currency', message: 'must be a 3-letter uppercase ISO 4217 code' },
    ])
    expect(
      issuesOf('order.placed', { orderId: id, total: 1, currency: 'EURO' }).map(
        (issue) => issue.path,
      ),
    ).toEqual(['payload.currency'])
  })

  test('amounts are ≥ 0, tiers start at 1, and a price names its region and list (or null)', () => {
    const { regionId: _omitted, ...withoutRegion } = price
    expect(issuesOf('price.updated', withoutRegion).map((issue) => issue.path)).toEqual([
      'payload.regionId',
    ])
    expect(
      issuesOf('price.created', { ...samples['price.created'].payload, minQuantity: 0 }).map(
        (issue) => issue.path,
      ),
    ).toEqual(['payload.minQuantity'])
    expect(
      issuesOf('price.updated', { ...price, oldAmount: -1 }).map((issue) => issue.path),
    ).toEqual(['payload.oldAmount'])
    expect(
      issuesOf('order.placed', { orderId: id, total: -5, currency: 'EUR' }).map(
        (issue) => issue.path,
      ),
    ).toEqual(['payload.total'])
  })

  test('order.paid and order.refunded move a positive amount; order.shipped needs its tracking', () => {
    const money = { orderId: id, number: '7', currency: 'EUR', transactionId: other }
    expect(issuesOf('order.paid', { ...money, amount: 0 }).map((i) => i.path)).toEqual([
      'payload.amount',
    ])
    expect(issuesOf('order.refunded', { ...money, amount: 1.5 }).map((i) => i.path)).toEqual([
      'payload.amount',
    ])
    expect(
      issuesOf('order.shipped', { orderId: id, number: '7', carrier: 'dhl', trackingNumber: '' }),
    ).toEqual([{ path: 'payload.trackingNumber', message: 'must not be empty' }])
  })

  test('order.cancelled limits the reason to 500 bytes and order.placed allows guests', () => {
    expect(issuesOf('order.cancelled', { orderId: id, reason: 'ü'.repeat(251) })).toEqual([
      { path: 'payload.reason', message: 'must be at most 500 bytes (UTF-8)' },
    ])
    expect(issuesOf('order.placed', { orderId: id, total: 0, currency: 'EUR' })).toEqual([])
  })
})
