import type { ReservationStatus } from '../commerce-tables'

/** A variant's stock at one location. `available` is stocked − reserved (below 0 only on backorder). */
export interface InventoryLevel {
  readonly variantId: string
  readonly locationId: string
  readonly stocked: number
  readonly reserved: number
  readonly incoming: number
  readonly available: number
  readonly lowStockThreshold: number
}

/** Units held for a reference until `expiresAt`. */
export interface Reservation {
  readonly id: string
  readonly variantId: string
  readonly locationId: string
  readonly quantity: number
  readonly reference: string
  readonly status: ReservationStatus
  readonly expiresAt: string
  readonly createdAt: string
}

/** A variant's stock at a location, named. */
export interface LevelRef {
  readonly tenantId: string
  readonly variantId: string
  readonly locationId: string
}
