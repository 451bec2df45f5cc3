import { defineRoute, pageSchema, requires, type Route } from '@rustok/http'
import type { InventoryService } from '../index'
import { commerceActor, idCursor, withInputPaths } from './commerce-request'
import {
  AdjustBody,
  IdListQuery,
  IdParams,
  LevelListQuery,
  LevelParams,
  LevelSchema,
  LocationBody,
  LocationSchema,
  ReservationListQuery,
  ReservationSchema,
  ReserveBody,
  SetBody,
  TransferBody,
  TransferResultSchema,
  VariantParams,
} from './commerce-schemas'

const TAGS = ['commerce']
const LEVEL = { description: 'The level after the change', schema: LevelSchema }
const RESERVATION = { description: 'The reservation', schema: ReservationSchema }
const DEFAULT_TTL_SECONDS = 900

/** Admin routes of stock locations (`inventory:*`). */
function locationRoutes(inventory: InventoryService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/commerce/locations',
      operationId: 'listCommerceLocations',
      summary: "The tenant's stock locations, newest first",
      tags: TAGS,
      access: requires('inventory:list'),
      request: { query: IdListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(LocationSchema) } },
      handler: async (c, { query }) => {
        const after = idCursor.decode(query.cursor)
        const page = await inventory.reads.locations(
          { tenantId: c.var.tenantId },
          { limit: query.limit, ...(after ? { after } : {}) },
        )
        return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/commerce/locations',
      operationId: 'createCommerceLocation',
      summary: 'Create a stock location (a warehouse, a shop)',
      tags: TAGS,
      access: requires('inventory:create'),
      request: { body: LocationBody },
      responses: { 201: { description: 'The new location', schema: LocationSchema } },
      handler: async (c, { body }) => {
        const { id } = await withInputPaths('body', () =>
          inventory.createLocation(c.var.tenantId, body),
        )
        return c.json(await inventory.reads.location({ tenantId: c.var.tenantId, id }), 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/commerce/locations/:id',
      operationId: 'getCommerceLocation',
      summary: 'One stock location',
      tags: TAGS,
      access: requires('inventory:read'),
      request: { params: IdParams },
      responses: { 200: { description: 'The location', schema: LocationSchema } },
      handler: async (c, { params }) =>
        c.json(await inventory.reads.location({ tenantId: c.var.tenantId, id: params.id })),
    }),
  ]
}

/** Admin routes of levels: read, adjust, set, transfer; every change in the ledger. */
function levelRoutes(inventory: InventoryService): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/commerce/inventory',
      operationId: 'listCommerceInventoryLevels',
      summary: 'Inventory levels, by variant then location, of a variant or location or all',
      tags: TAGS,
      access: requires('inventory:list'),
      request: { query: LevelListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(LevelSchema) } },
      handler: async (c, { query }) => {
        const after = idCursor.decode(query.cursor)
        const page = await withInputPaths('query', () =>
          inventory.reads.levels(
            {
              tenantId: c.var.tenantId,
              ...(query.variantId ? { variantId: query.variantId } : {}),
              ...(query.locationId ? { locationId: query.locationId } : {}),
            },
            { limit: query.limit, ...(after ? { after } : {}) },
          ),
        )
        return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/commerce/inventory/:variantId/:locationId',
      operationId: 'getCommerceInventoryLevel',
      summary: "A variant's level at a location (zeros when never stocked there)",
      tags: TAGS,
      access: requires('inventory:read'),
      request: { params: LevelParams },
      responses: { 200: { description: 'The level', schema: LevelSchema } },
      handler: async (c, { params }) =>
        c.json(await inventory.level({ tenantId: c.var.tenantId, ...params })),
    }),
    defineRoute({
      method: 'post',
      path: '/api/commerce/inventory/:variantId/:locationId/adjust',
      operationId: 'adjustCommerceInventory',
      summary: 'Add or remove units (a movement with reason and reference)',
      description:
        'Below what is reserved (without backorder) answers 422 `INSUFFICIENT_INVENTORY`.',
      tags: TAGS,
      access: requires('inventory:update'),
      request: { params: LevelParams, body: AdjustBody },
      responses: { 200: LEVEL },
      handler: async (c, { params, body }) => {
        const level = await withInputPaths('body', () =>
          inventory.adjust({ tenantId: c.var.tenantId, ...params }, body, commerceActor(c)),
        )
        return c.json(level)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/commerce/inventory/:variantId/:locationId/set',
      operationId: 'setCommerceInventory',
      summary: 'Set the stocked units after a count (recorded as the difference)',
      tags: TAGS,
      access: requires('inventory:update'),
      request: { params: LevelParams, body: SetBody },
      responses: { 200: LEVEL },
      handler: async (c, { params, body }) => {
        const level = await withInputPaths('body', () =>
          inventory.set({ tenantId: c.var.tenantId, ...params }, body, commerceActor(c)),
        )
        return c.json(level)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/commerce/inventory/:variantId/transfer',
      operationId: 'transferCommerceInventory',
      summary: 'Move units of a variant between two locations in one transaction',
      tags: TAGS,
      access: requires('inventory:update'),
      request: { params: VariantParams, body: TransferBody },
      responses: {
        200: { description: 'Both levels after the move', schema: TransferResultSchema },
      },
      handler: async (c, { params, body }) => {
        const moved = await withInputPaths('body', () =>
          inventory.transfer(
            { tenantId: c.var.tenantId, variantId: params.variantId, from: body.from, to: body.to },
            { quantity: body.quantity, ...(body.reason ? { reason: body.reason } : {}) },
            commerceActor(c),
          ),
        )
        return c.json(moved)
      },
    }),
  ]
}

/** Admin routes of reservations: hold units for a cart or order line, release, convert. */
function reservationRoutes(inventory: InventoryService, now: () => Date): Route[] {
  const end = (name: 'release' | 'convert', summary: string) =>
    defineRoute({
      method: 'post',
      path: `/api/commerce/reservations/:id/${name}`,
      operationId: `${name}CommerceReservation`,
      summary,
      description: 'A reservation no longer active answers 409 `INVALID_TRANSITION`.',
      tags: TAGS,
      access: requires('inventory:update'),
      request: { params: IdParams },
      responses: { 200: RESERVATION },
      handler: async (c, { params }) =>
        c.json(
          await inventory[name]({ tenantId: c.var.tenantId, id: params.id }, commerceActor(c)),
        ),
    })
  return [
    defineRoute({
      method: 'get',
      path: '/api/commerce/reservations',
      operationId: 'listCommerceReservations',
      summary: 'Reservations, newest first, of a variant or in a status',
      tags: TAGS,
      access: requires('inventory:list'),
      request: { query: ReservationListQuery },
      responses: { 200: { description: 'One page', schema: pageSchema(ReservationSchema) } },
      handler: async (c, { query }) => {
        const after = idCursor.decode(query.cursor)
        const page = await inventory.reads.reservations(
          {
            tenantId: c.var.tenantId,
            ...(query.variantId ? { variantId: query.variantId } : {}),
            ...(query.status ? { status: query.status } : {}),
          },
          { limit: query.limit, ...(after ? { after } : {}) },
        )
        return c.json({ items: page.items, nextCursor: idCursor.encode(page.next) })
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/commerce/reservations',
      operationId: 'createCommerceReservation',
      summary: 'Hold units at a location for a reference until they expire',
      description:
        'One conditional update decides, so concurrent reservations never oversell: fewer ' +
        'available units answer 422 `INSUFFICIENT_INVENTORY`.',
      tags: TAGS,
      access: requires('inventory:create'),
      request: { body: ReserveBody },
      responses: { 201: RESERVATION },
      handler: async (c, { body }) => {
        const ttl = (body.ttlSeconds ?? DEFAULT_TTL_SECONDS) * 1000
        const reservation = await withInputPaths('body', () =>
          inventory.reserve(
            { tenantId: c.var.tenantId, variantId: body.variantId, locationId: body.locationId },
            {
              quantity: body.quantity,
              reference: body.reference,
              expiresAt: new Date(now().getTime() + ttl),
            },
            commerceActor(c),
          ),
        )
        return c.json(reservation, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/commerce/reservations/:id',
      operationId: 'getCommerceReservation',
      summary: 'One reservation',
      tags: TAGS,
      access: requires('inventory:read'),
      request: { params: IdParams },
      responses: { 200: RESERVATION },
      handler: async (c, { params }) =>
        c.json(await inventory.reads.reservation({ tenantId: c.var.tenantId, id: params.id })),
    }),
    end('release', 'Give the units back (the cart was abandoned)'),
    end('convert', 'Turn the hold into a sale: the units leave stock'),
  ]
}

/** Admin routes of locations, levels and reservations. */
export function inventoryRoutes(inventory: InventoryService, now: () => Date): Route[] {
  return [
    ...locationRoutes(inventory),
    ...levelRoutes(inventory),
    ...reservationRoutes(inventory, now),
  ]
}
