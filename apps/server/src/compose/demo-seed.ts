import type { Tenant } from '@rustok/core-tenant'
import { ensureOperator, ensureTenant } from './platform-bootstrap'
import type { Services } from './services'

/** The demo tenant's slug: send it as the tenant header (`x-tenant-id: demo`). */
export const DEMO_TENANT_SLUG = 'demo'

/** Modules a new demo tenant starts with (the original's `default_enabled`), in dependency order. */
export const DEMO_MODULES: readonly string[] = [
  'content',
  'blog',
  'pages',
  'forum',
  'commerce',
  'index',
  'webhooks',
]

/** What {@link seedDemo} found or made. */
export interface DemoSeed {
  readonly tenant: Tenant
  readonly adminEmail: string
  /** Set only when this run created the admin with a generated password: print it once. */
  readonly generatedPassword?: string
  readonly created: { readonly tenant: boolean; readonly admin: boolean }
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
  const { tenant, created: tenantCreated } = await ensureTenant(services, DEMO_TENANT_SLUG, 'Demo')
  if (tenantCreated) {
    for (const module of DEMO_MODULES) {
      if (services.tenancy.moduleRegistry.get(module)) {
        await services.tenancy.tenantModules.enableModule(tenant.id, module)
      }
    }
    for (const { setup } of services.composed.modules) await setup.seedDemo?.(tenant.id)
  }
  // The demo admin is the demo platform's operator: it manages every tenant (ADR 0020). An admin
  // seeded before operators existed becomes one now.
  const admin = await ensureOperator(services, {
    tenant,
    email: adminEmail,
    name: 'Demo Admin',
    ...(adminPassword === undefined ? {} : { password: adminPassword }),
  })
  return {
    tenant,
    adminEmail,
    ...(admin.generatedPassword ? { generatedPassword: admin.generatedPassword } : {}),
    created: { tenant: tenantCreated, admin: admin.created },
  }
}
