import type { Tenant, TenantLookup } from '../tenant'
import type { TenantIdentifier } from '../tenant-identifier'

/** A tenant with defaults, for unit tests. */
export function aTenant(overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: '00000000-0000-7000-8000-000000000001',
    slug: 'acme',
    name: 'Acme',
    domain: 'shop.acme.test',
    defaultLocale: 'en',
    active: true,
    settings: {},
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    updatedAt: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  }
}

/** An in-memory lookup that counts its calls. */
export function memoryLookup(
  tenants: Tenant[],
): TenantLookup & { readonly calls: TenantIdentifier[] } {
  const calls: TenantIdentifier[] = []
  return {
    calls,
    async find(identifier) {
      calls.push(identifier)
      await new Promise((resolve) => setTimeout(resolve, 1))
      return tenants.find((tenant) =>
        identifier.kind === 'uuid'
          ? tenant.id === identifier.value
          : identifier.kind === 'slug'
            ? tenant.slug === identifier.value
            : tenant.domain === identifier.value,
      )
    },
  }
}
