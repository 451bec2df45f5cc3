import { createEnvelope, type EventEnvelope } from '@rustok/core-events'
import { sql, type Kysely, type Selectable } from 'kysely'
import type { ResolvedCommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import type {
  CommerceReservationsTable,
  CommerceTables,
  ReservationStatus,
} from '../commerce-tables'
import { writeCommerceChange, type CommerceActor, type EventSink } from '../catalogue/product-tx'
import {
  reservationConverted,
  reservationCreated,
  reservationExpired,
  reservationReleased,
} from '../events/reservation-events'
import { levelEvents, recordMovement, toLevel, variantFacts, ensureLevel } from './inventory-level'
import type { LevelRef, Reservation } from './inventory-types'

/** A reservation row as the API shows it. */
export const toReservation = (row: Selectable<CommerceReservationsTable>): Reservation => ({
  id: row.id,
  variantId: row.variant_id,
  locationId: row.location_id,
  quantity: row.quantity,
  reference: row.reference,
  status: row.status,
  expiresAt: row.expires_at.toISOString(),
  createdAt: row.created_at.toISOString(),
})

const payloadOf = (row: Selectable<CommerceReservationsTable>) => ({
  reservationId: row.id,
  variantId: row.variant_id,
  locationId: row.location_id,
  quantity: row.quantity,
  reference: row.reference,
})

/**
 * Holds `quantity` units at a level for `reference` until `expiresAt`. One conditional update
 * decides: it only matches while stocked − reserved covers the quantity (or the variant sells on
 * backorder), so concurrent reservations can never oversell; the loser gets
 * `INSUFFICIENT_INVENTORY`.
 */
export async function reserveStock(
  deps: ResolvedCommerceDeps,
  change: { readonly ref: LevelRef; readonly actor: CommerceActor },
  input: ReserveInput,
): Promise<Reservation> {
  checkReserveInput(input)
  return writeCommerceChange(
    deps,
    { tenantId: change.ref.tenantId, actor: change.actor },
    (trx, events) => reserveInTx(trx, events, { deps, ...change, input }),
  )
}

/** What a reservation holds, and until when. */
export interface ReserveInput {
  readonly quantity: number
  readonly reference: string
  readonly expiresAt: Date
}

function checkReserveInput(input: ReserveInput): void {
  if (!Number.isSafeInteger(input.quantity) || input.quantity <= 0)
    throw new CommerceError('INVALID_INPUT', 'quantity must be a positive integer', {
      errors: [{ path: 'quantity', message: 'must be a positive integer' }],
    })
  if (input.reference.trim() === '' || input.reference.length > 200)
    throw new CommerceError('INVALID_INPUT', 'reference must be 1–200 characters', {
      errors: [{ path: 'reference', message: 'must be 1–200 characters' }],
    })
}

/**
 * {@link reserveStock} inside the caller's transaction `trx`, so several lines can be reserved
 * all or none (a checkout). Its input is checked by the caller.
 */
export async function reserveInTx(
  trx: Kysely<CommerceTables>,
  events: EventSink,
  command: {
    readonly deps: ResolvedCommerceDeps
    readonly ref: LevelRef
    readonly actor: CommerceActor
    readonly input: ReserveInput
  },
): Promise<Reservation> {
  const { deps, ref, actor, input } = command
  const facts = await variantFacts(trx, ref)
  await ensureLevel(trx, ref)
  const at = deps.now()
  if (input.expiresAt <= at)
    throw new CommerceError('INVALID_INPUT', 'expiresAt must be in the future', {
      errors: [{ path: 'expiresAt', message: 'must be in the future' }],
    })
  const updated = await trx
    .updateTable('commerce_inventory_levels')
    .set({ reserved: sql<number>`reserved + ${input.quantity}`, updated_at: at })
    .where('variant_id', '=', ref.variantId)
    .where('location_id', '=', ref.locationId)
    .where(
      facts.allowBackorder
        ? sql<boolean>`true`
        : sql<boolean>`stocked - reserved >= ${input.quantity}`,
    )
    .returningAll()
    .executeTakeFirst()
  if (!updated) {
    const level = await trx
      .selectFrom('commerce_inventory_levels')
      .select(['stocked', 'reserved'])
      .where('variant_id', '=', ref.variantId)
      .where('location_id', '=', ref.locationId)
      .executeTakeFirstOrThrow()
    const available = Math.max(level.stocked - level.reserved, 0)
    throw new CommerceError(
      'INSUFFICIENT_INVENTORY',
      `Asked for ${input.quantity}, ${available} available`,
      { errors: [{ path: 'quantity', message: `${available} available` }] },
    )
  }
  const row = await trx
    .insertInto('commerce_reservations')
    .values({
      id: deps.newId(),
      tenant_id: ref.tenantId,
      variant_id: ref.variantId,
      location_id: ref.locationId,
      quantity: input.quantity,
      reference: input.reference,
      expires_at: input.expiresAt,
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordMovement(trx, {
    ...ref,
    id: deps.newId(),
    kind: 'reserve',
    stockedDelta: 0,
    reservedDelta: input.quantity,
    reference: input.reference,
    actor,
    at,
  })
  const after = toLevel(updated)
  const before = {
    ...after,
    reserved: after.reserved - input.quantity,
    available: after.available + input.quantity,
  }
  levelEvents(events, { ref, productId: facts.productId, before, after })
  events.add(reservationCreated, payloadOf(row))
  return toReservation(row)
}

/**
 * Ends an active reservation (`released`, `converted` or `expired`) inside `trx`: the status
 * change is conditional (an ended one is `INVALID_TRANSITION`, a missing or foreign one
 * `NOT_FOUND`), the level gives the units back (a sale also takes them out of stock), and the
 * movement records it.
 */
export async function endReservation(
  trx: Kysely<CommerceTables>,
  end: {
    readonly deps: ResolvedCommerceDeps
    readonly tenantId: string
    readonly id: string
    readonly status: Exclude<ReservationStatus, 'active'>
    readonly actor: CommerceActor
  },
  events: EventSink,
): Promise<Reservation> {
  const { deps, tenantId, id, status, actor } = end
  const at = deps.now()
  const row = await trx
    .updateTable('commerce_reservations')
    .set({ status, updated_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'active')
    .returningAll()
    .executeTakeFirst()
  if (!row) {
    const found = await trx
      .selectFrom('commerce_reservations')
      .select('status')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!found) throw new CommerceError('NOT_FOUND', `Reservation ${id} not found`)
    throw new CommerceError('INVALID_TRANSITION', `The reservation is already ${found.status}`)
  }
  const ref = { tenantId, variantId: row.variant_id, locationId: row.location_id }
  const facts = await variantFacts(trx, ref)
  const before = await trx
    .selectFrom('commerce_inventory_levels')
    .selectAll()
    .where('variant_id', '=', ref.variantId)
    .where('location_id', '=', ref.locationId)
    .forUpdate()
    .executeTakeFirstOrThrow()
  // A sale on backorder can take more than is stocked: stock stops at zero, and the ledger
  // records what really left.
  const sold = status === 'converted' ? Math.min(row.quantity, before.stocked) : 0
  const updated = await trx
    .updateTable('commerce_inventory_levels')
    .set({
      reserved: sql<number>`reserved - ${row.quantity}`,
      stocked: sql<number>`stocked - ${sold}`,
      updated_at: at,
    })
    .where('variant_id', '=', ref.variantId)
    .where('location_id', '=', ref.locationId)
    .returningAll()
    .executeTakeFirstOrThrow()
  const kind = status === 'converted' ? 'sale' : status === 'expired' ? 'expire' : 'release'
  await recordMovement(trx, {
    ...ref,
    id: deps.newId(),
    kind,
    stockedDelta: -sold,
    reservedDelta: -row.quantity,
    reference: row.reference,
    actor,
    at,
  })
  levelEvents(events, {
    ref,
    productId: facts.productId,
    before: toLevel(before),
    after: toLevel(updated),
  })
  const definition =
    status === 'converted'
      ? reservationConverted
      : status === 'expired'
        ? reservationExpired
        : reservationReleased
  events.add(definition, payloadOf(row))
  return toReservation({ ...row })
}

/** Gives a reservation's units back before it expires. */
export function releaseReservation(
  deps: ResolvedCommerceDeps,
  command: { readonly tenantId: string; readonly id: string; readonly actor: CommerceActor },
): Promise<Reservation> {
  return writeCommerceChange(deps, command, (trx, events) =>
    endReservation(trx, { deps, ...command, status: 'released' }, events),
  )
}

/** Turns a reservation into a sale: its units leave the stock. */
export function convertReservation(
  deps: ResolvedCommerceDeps,
  command: { readonly tenantId: string; readonly id: string; readonly actor: CommerceActor },
): Promise<Reservation> {
  return writeCommerceChange(deps, command, (trx, events) =>
    endReservation(trx, { deps, ...command, status: 'converted' }, events),
  )
}

/**
 * Expires the active reservations whose time has come, at most `batch`, across tenants: claimed
 * `FOR UPDATE SKIP LOCKED` and ended by the same conditional update, in one transaction with
 * their events, so each expires exactly once however many workers sweep. Returns how many.
 */
export async function expireReservations(
  deps: ResolvedCommerceDeps,
  options: { readonly batch?: number } = {},
): Promise<number> {
  const expired = await deps.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('commerce_reservations')
      .select(['id', 'tenant_id'])
      .where('status', '=', 'active')
      .where('expires_at', '<=', deps.now())
      .orderBy('expires_at')
      .limit(options.batch ?? 100)
      .forUpdate()
      .skipLocked()
      .execute()
    const byTenant = new Map<string, EventEnvelope[]>()
    for (const row of due) {
      const envelopes = byTenant.get(row.tenant_id) ?? []
      byTenant.set(row.tenant_id, envelopes)
      const context = { tenantId: row.tenant_id, actorId: null }
      const sink: EventSink = {
        add: (definition, payload) => {
          envelopes.push(createEnvelope(definition, payload, context, deps))
        },
      }
      await endReservation(
        trx,
        { deps, tenantId: row.tenant_id, id: row.id, status: 'expired', actor: { userId: null } },
        sink,
      )
    }
    for (const envelopes of byTenant.values())
      if (envelopes.length > 0) await deps.events.publishInTx(trx, envelopes)
    return due.length
  })
  if (expired > 0) deps.events.committed?.(deps.db)
  return expired
}
