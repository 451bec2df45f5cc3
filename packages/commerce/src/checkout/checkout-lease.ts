import { sql, type Selectable, type Transaction, type Updateable } from 'kysely'
import { CommerceError } from '../commerce-error'
import type { CommerceTables } from '../commerce-tables'
import type { CommerceCheckoutsTable, CheckoutStep } from '../orders/order-tables'
import type { CheckoutDeps, CheckoutRef } from './checkout-deps'

/** A checkout row as a driver holds it. */
export type CheckoutRow = Selectable<CommerceCheckoutsTable>

/** The two ends of a checkout. */
export const isFinished = (step: CheckoutStep): boolean => step === 'completed' || step === 'failed'

/**
 * Takes (or renews) the lease on an unfinished checkout for `owner`: only when nobody holds it,
 * its lease ran out (its driver died), or `owner` already holds it. `undefined` when another
 * live driver holds it or it is finished.
 */
export async function claimCheckout(
  deps: CheckoutDeps,
  ref: CheckoutRef & { readonly owner: string },
): Promise<CheckoutRow | undefined> {
  const now = deps.now()
  return deps.db
    .updateTable('commerce_checkouts')
    .set({
      lease_owner: ref.owner,
      lease_until: new Date(now.getTime() + deps.leaseMs),
      attempts: sql<number>`attempts + 1`,
    })
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .where('step', 'not in', ['completed', 'failed'])
    .where((eb) =>
      eb.or([
        eb('lease_owner', '=', ref.owner),
        eb('lease_until', 'is', null),
        eb('lease_until', '<', now),
      ]),
    )
    .returningAll()
    .executeTakeFirst()
}

/** Thrown inside a step's transaction when the driver no longer holds the checkout. */
export class LeaseLost extends Error {
  override readonly name = 'LeaseLost'
}

/**
 * Opens a step inside its transaction: the row is locked, still at `row.step` and still held by
 * `owner` (else {@link LeaseLost}, which rolls the step back), and the lease is renewed. A step
 * therefore commits at most once, whoever else tries it.
 */
export async function enterStep(
  trx: Transaction<CommerceTables>,
  step: { readonly deps: CheckoutDeps; readonly row: CheckoutRow; readonly owner: string },
): Promise<void> {
  const { deps, row, owner } = step
  const held = await trx
    .updateTable('commerce_checkouts')
    .set({ lease_until: new Date(deps.now().getTime() + deps.leaseMs), updated_at: deps.now() })
    .where('tenant_id', '=', row.tenant_id)
    .where('id', '=', row.id)
    .where('step', '=', row.step)
    .where('lease_owner', '=', owner)
    .returning('id')
    .executeTakeFirst()
  if (!held) throw new LeaseLost(`Checkout ${row.id} moved on without this driver`)
}

/** Moves the checkout to `next` (after {@link enterStep} in the same transaction): the row after. */
export async function leaveStep(
  trx: Transaction<CommerceTables>,
  move: {
    readonly deps: CheckoutDeps
    readonly row: CheckoutRow
    readonly next: CheckoutStep
    readonly set?: Updateable<CommerceCheckoutsTable>
  },
): Promise<CheckoutRow> {
  const { deps, row, next, set } = move
  const finished = next === 'completed' || next === 'failed'
  return trx
    .updateTable('commerce_checkouts')
    .set({
      ...set,
      step: next,
      updated_at: deps.now(),
      ...(finished ? { lease_owner: null, lease_until: null } : {}),
    })
    .where('tenant_id', '=', row.tenant_id)
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Why a finished, failed checkout failed, as the error its caller gets. */
export function checkoutError(row: CheckoutRow): CommerceError {
  const code = (row.error_code ?? 'INTERNAL') as ConstructorParameters<typeof CommerceError>[0]
  return new CommerceError(code, row.error_message ?? 'The checkout failed')
}
