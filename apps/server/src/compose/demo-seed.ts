import { randomBytes } from 'node:crypto'
import type { Tenant } from '@rustok/core-tenant'
import type { Services } from './services'

/** The demo tenant's slug: send it as the tenant header (`x-tenant-id: demo`). */
export const DEMO_TENANT_SLUG = 'demo'

/** Modules a new demo tenant starts with (the original's `default_enabled`), in dependency order. */
export const DEMO_MODULES: readonly string[] = ['content', 'pages', 'commerce']

/** What {@link seedDemo} found or made. */
export interface DemoSeed {
  readonly tenant: Tenant
  readonly adminEmail: string
  /** Set only when this run created the admin with a generated password: print it once. */
  readonly generatedPassword?: string
  readonly created: { readonly tenant: boolean; readonly admin: boolean }
}

async function ensureTenant(services: Services): Promise<{ tenant: Tenant; created: boolean }> {
  const existing = await services.tenancy.tenants.getBySlug(DEMO_TENANT_SLUG)
  if (existing) return { tenant: existing, created: false }
  const result = await services.tenancy.tenants.create({ slug: DEMO_TENANT_SLUG, name: 'Demo' })
  if (result.ok) return { tenant: result.tenant, created: true }
  // Another process seeded it between our read and our write.
  const raced = await services.tenancy.tenants.getBySlug(DEMO_TENANT_SLUG)
  if (!raced) throw new Error(`Demo tenant could not be created: ${result.reason}`)
  return { tenant: raced, created: false }
}

/**
 * Creates the demo tenant, its default modules and a super_admin on first start, then lets each
 * module seed its realistic data (`seedDemo`); on later starts it finds them and changes nothing.
 * The admin is also the platform operator (ADR 0020), so the demo can create and manage tenants.
 * The admin's password comes from `demo.adminPassword` (`DEMO_ADMIN_PASSWORD`), else it is
 * generated and returned once.
 */
export async function seedDemo(services: Services): Promise<DemoSeed> {
  const { adminEmail, adminPassword } = services.config.demo
  const { tenant, created: tenantCreated } = await ensureTenant(services)
  if (tenantCreated) {
    for (const module of DEMO_MODULES) {
      if (services.tenancy.moduleRegistry.get(module)) {
        await services.tenancy.tenantModules.enableModule(tenant.id, module)
      }
    }
    for (const { setup } of services.composed.modules) await setup.seedDemo?.(tenant.id)
  }
  const existing = await services.auth.users.findByEmail(tenant.id, adminEmail)
  if (existing) {
    // An admin seeded before operators existed becomes one now (ADR 0020).
    await services.auth.platformOperators.grant(tenant.id, existing.id)
    return { tenant, adminEmail, created: { tenant: tenantCreated, admin: false } }
  }
  const password = adminPassword ?? randomBytes(18).toString('base64url')
  const registered = await services.auth.users.register({
    tenantId: tenant.id,
    email: adminEmail,
    password,
    name: 'Demo Admin',
    role: 'super_admin',
    emailVerified: true,
  })
  if (!registered.ok && registered.reason !== 'CONFLICT') {
    throw new Error(`Demo admin could not be created: ${registered.reason}`)
  }
  const admin = registered.ok
    ? registered.user
    : await services.auth.users.findByEmail(tenant.id, adminEmail)
  // The demo admin is the demo platform's operator: it manages every tenant (ADR 0020).
  if (admin) await services.auth.platformOperators.grant(tenant.id, admin.id)
  return {
    tenant,
    adminEmail,
    ...(registered.ok && adminPassword === undefined ? { generatedPassword: password } : {}),
    created: { tenant: tenantCreated, admin: registered.ok },
  }
}
