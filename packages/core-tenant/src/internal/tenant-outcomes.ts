import type { TenantConflict, TenantNotFound } from '../tenant-store'
import { uniqueViolation } from '@rustok/core-db'

/** The NOT_FOUND outcome for tenant `id`. */
export const notFound = (id: string): TenantNotFound => ({
  ok: false,
  reason: 'NOT_FOUND',
  message: `Tenant ${id} not found`,
})

/** The CONFLICT outcome a unique violation on slug or domain stands for; `undefined` for other errors. */
export function conflictFrom(error: unknown): TenantConflict | undefined {
  const constraint = uniqueViolation(error)
  if (constraint === 'tenants_slug_key') return conflict('slug')
  if (constraint === 'tenants_domain_key') return conflict('domain')
  return undefined
}

/** The CONFLICT outcome for `field`. */
export function conflict(field: 'slug' | 'domain'): TenantConflict {
  return {
    ok: false,
    reason: 'CONFLICT',
    field,
    message: `Another tenant already has this ${field}`,
  }
}
