import { resolveCommerceDeps, type CommerceDeps } from '../commerce-deps'
import { CommerceError } from '../commerce-error'
import { writeCommerceChange, type CommerceActor } from '../catalogue/product-tx'
import {
  customerAddressCreated,
  customerAddressDeleted,
  customerAddressUpdated,
} from '../events/customer-address-events'
import { IdSchema, parseInput } from '../internal/parse-input'
import { AddressSchema, type AddressInput } from './address-schema'
import type { StoredAddress } from './cart-tables'

/** The customer an address belongs to: a user of the tenant. */
export interface CustomerRef {
  readonly tenantId: string
  readonly customerId: string
}

/** A customer's saved address. */
export interface CustomerAddress {
  readonly id: string
  readonly address: StoredAddress
  readonly createdAt: string
  readonly updatedAt: string
}

/** A customer's own addresses: every call is scoped to the customer (scope `own`). */
export interface CustomerAddressService {
  list(customer: CustomerRef): Promise<readonly CustomerAddress[]>
  create(customer: CustomerRef, input: AddressInput): Promise<CustomerAddress>
  update(
    customer: CustomerRef & { readonly id: string },
    input: AddressInput,
  ): Promise<CustomerAddress>
  delete(customer: CustomerRef & { readonly id: string }): Promise<void>
}

/** How many addresses one customer may keep. */
export const MAX_CUSTOMER_ADDRESSES = 50

const toAddress = (row: {
  id: string
  address: StoredAddress
  created_at: Date
  updated_at: Date
}): CustomerAddress => ({
  id: row.id,
  address: row.address,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
})

/**
 * Customers' address books. A customer is a user of the tenant (core-auth); another customer's
 * address, or another tenant's, answers `NOT_FOUND`.
 *
 * @example
 * ```ts
 * const addresses = createCustomerAddressService({ db, events: outbox })
 * await addresses.create({ tenantId, customerId: userId }, { firstName: 'Ada', lastName: 'L', line1: '1 Main St', city: 'Berlin', countryCode: 'DE' })
 * ```
 */
export function createCustomerAddressService(options: CommerceDeps): CustomerAddressService {
  const deps = resolveCommerceDeps(options)
  const actorOf = (customer: CustomerRef): CommerceActor => ({ userId: customer.customerId })
  const notFound = (id: string) => new CommerceError('NOT_FOUND', `Address ${id} not found`)
  return {
    async list(customer) {
      const rows = await deps.db
        .selectFrom('commerce_customer_addresses')
        .select(['id', 'address', 'created_at', 'updated_at'])
        .where('tenant_id', '=', customer.tenantId)
        .where('customer_id', '=', customer.customerId)
        .orderBy('id')
        .execute()
      return rows.map(toAddress)
    },
    async create(customer, rawInput) {
      const address = parseInput(AddressSchema, rawInput)
      const id = deps.newId()
      const now = deps.now()
      const change = { tenantId: customer.tenantId, actor: actorOf(customer) }
      return writeCommerceChange(deps, change, async (trx, events) => {
        const { count } = await trx
          .selectFrom('commerce_customer_addresses')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('tenant_id', '=', customer.tenantId)
          .where('customer_id', '=', customer.customerId)
          .executeTakeFirstOrThrow()
        if (Number(count) >= MAX_CUSTOMER_ADDRESSES)
          throw new CommerceError(
            'CONFLICT',
            `A customer keeps at most ${MAX_CUSTOMER_ADDRESSES} addresses`,
          )
        const row = await trx
          .insertInto('commerce_customer_addresses')
          .values({
            id,
            tenant_id: customer.tenantId,
            customer_id: customer.customerId,
            address: JSON.stringify(address),
            created_at: now,
            updated_at: now,
          })
          .returning(['id', 'address', 'created_at', 'updated_at'])
          .executeTakeFirstOrThrow()
        events.add(customerAddressCreated, { addressId: id, customerId: customer.customerId })
        return toAddress(row)
      })
    },
    async update(ref, rawInput) {
      const id = parseInput(IdSchema, ref.id)
      const address = parseInput(AddressSchema, rawInput)
      const change = { tenantId: ref.tenantId, actor: actorOf(ref) }
      return writeCommerceChange(deps, change, async (trx, events) => {
        const row = await trx
          .updateTable('commerce_customer_addresses')
          .set({ address: JSON.stringify(address), updated_at: deps.now() })
          .where('tenant_id', '=', ref.tenantId)
          .where('customer_id', '=', ref.customerId)
          .where('id', '=', id)
          .returning(['id', 'address', 'created_at', 'updated_at'])
          .executeTakeFirst()
        if (!row) throw notFound(id)
        events.add(customerAddressUpdated, { addressId: id, customerId: ref.customerId })
        return toAddress(row)
      })
    },
    async delete(ref) {
      const id = parseInput(IdSchema, ref.id)
      const change = { tenantId: ref.tenantId, actor: actorOf(ref) }
      await writeCommerceChange(deps, change, async (trx, events) => {
        const row = await trx
          .deleteFrom('commerce_customer_addresses')
          .where('tenant_id', '=', ref.tenantId)
          .where('customer_id', '=', ref.customerId)
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst()
        if (!row) throw notFound(id)
        events.add(customerAddressDeleted, { addressId: id, customerId: ref.customerId })
      })
    },
  }
}
