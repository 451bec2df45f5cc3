import { setTimeout as sleep } from 'node:timers/promises'
import type { CommerceActor } from '../catalogue/product-tx'
import { isCommerceError } from '../commerce-error'
import type { CheckoutDeps, CheckoutRef } from './checkout-deps'
import { claimCheckout, isFinished, LeaseLost, type CheckoutRow } from './checkout-lease'
import { placeStep } from './checkout-place'
import { reserveStep } from './checkout-reserve'
import {
  authorizeStep,
  compensateStep,
  confirmStep,
  toCompensating,
  type StepContext,
} from './checkout-steps'

// Errors of a forward step that fail the checkout (compensated); anything else is a fault of the
// platform (a database outage, a bug) and leaves the step to be tried again.
const FAILS_CHECKOUT = new Set(['INSUFFICIENT_INVENTORY', 'NOT_FOUND', 'CONFLICT', 'INVALID_INPUT'])

async function runStep(deps: CheckoutDeps, step: StepContext): Promise<CheckoutRow> {
  switch (step.row.step) {
    case 'reserving':
      return reserveStep(deps, step)
    case 'authorizing':
      return authorizeStep(deps, step)
    case 'placing':
      return placeStep(deps, step)
    case 'confirming':
      return confirmStep(deps, step)
    case 'compensating':
      return compensateStep(deps, step)
    case 'completed':
    case 'failed':
      return step.row
  }
}

/**
 * Drives a checkout to its end from wherever it stands, while this driver holds its lease: each
 * step commits at most once, and a driver that dies leaves the rest to the next one. Returns the
 * row when it finished, `undefined` when another live driver holds it.
 */
export async function driveCheckout(
  deps: CheckoutDeps,
  ref: CheckoutRef & { readonly actor: CommerceActor },
): Promise<CheckoutRow | undefined> {
  const owner = deps.newId()
  // Claimed once; each step renews the lease and hands over the row as it left it.
  let row = await claimCheckout(deps, { ...ref, owner })
  if (!row) return finishedRow(deps, ref)
  for (;;) {
    if (isFinished(row.step)) return row
    const step: StepContext = { row, owner, actor: ref.actor }
    try {
      row = await runStep(deps, step)
    } catch (error) {
      if (error instanceof LeaseLost) return finishedRow(deps, ref)
      const forward = row.step !== 'compensating'
      if (!forward || !isCommerceError(error) || !FAILS_CHECKOUT.has(error.code)) throw error
      row = await toCompensating(deps, { ...step, error })
    }
  }
}

async function finishedRow(deps: CheckoutDeps, ref: CheckoutRef): Promise<CheckoutRow | undefined> {
  const row = await deps.db
    .selectFrom('commerce_checkouts')
    .selectAll()
    .where('tenant_id', '=', ref.tenantId)
    .where('id', '=', ref.id)
    .executeTakeFirst()
  return row && isFinished(row.step) ? row : undefined
}

/**
 * Drives the checkout, or waits (bounded by `waitMs`) for the driver that holds it. `undefined`
 * when it is still running at the deadline.
 */
export async function awaitCheckout(
  deps: CheckoutDeps,
  ref: CheckoutRef & { readonly actor: CommerceActor },
): Promise<CheckoutRow | undefined> {
  const deadline = Date.now() + deps.waitMs
  for (;;) {
    const row = await driveCheckout(deps, ref)
    if (row || Date.now() >= deadline) return row
    await sleep(25)
  }
}

/**
 * Finishes or compensates up to `batch` checkouts whose driver died (lease run out), across
 * tenants: the worker's sweep. Returns how many it took on.
 */
export async function recoverCheckouts(
  deps: CheckoutDeps,
  options: { readonly batch?: number } = {},
): Promise<number> {
  const stale = await deps.db
    .selectFrom('commerce_checkouts')
    .select(['tenant_id', 'id'])
    .where('step', 'not in', ['completed', 'failed'])
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', deps.now())]))
    .orderBy('lease_until')
    .limit(options.batch ?? 50)
    .execute()
  for (const row of stale)
    await driveCheckout(deps, { tenantId: row.tenant_id, id: row.id, actor: { userId: null } })
  return stale.length
}
