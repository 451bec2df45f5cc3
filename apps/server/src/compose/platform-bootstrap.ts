import { randomBytes } from 'node:crypto'
import type { Tenant } from '@rustok/core-tenant'
import type { Services } from './services'

/** Finds the tenant of `slug`, or creates it (active, default locale). Safe against a racing start. */
export async function ensureTenant(
  services: Services,
  slug: string,
  name: string,
): Promise<{ readonly tenant: Tenant; readonly created: boolean }> {
  const existing = await services.tenancy.tenants.getBySlug(slug)
  if (existing) return { tenant: existing, created: false }
  const result = await services.tenancy.tenants.create({ slug, name })
  if (result.ok) return { tenant: result.tenant, created: true }
  // Another process created it between our read and our write.
  const raced = await services.tenancy.tenants.getBySlug(slug)
  if (!raced) throw new Error(`Tenant ${slug} could not be created: ${result.reason}`)
  return { tenant: raced, created: false }
}

/** What {@link ensureOperator} found or made. */
export interface EnsuredOperator {
  readonly userId: string
  /** The account's role: platform routes also need their permission, which `super_admin` holds. */
  readonly role: string
  /** Set only when this run created the account with a generated password: print it once. */
  readonly generatedPassword?: string
  readonly created: boolean
}

/**
 * Makes the account of `email` in `tenant` a platform operator (ADR 0020), creating it as a
 * verified `super_admin` first if it does not exist, with `password` or a generated one. An
 * existing account keeps its role, status and password.
 */
export async function ensureOperator(
  services: Services,
  account: {
    readonly tenant: Tenant
    readonly email: string
    readonly name: string
    readonly password?: string
  },
): Promise<EnsuredOperator> {
  const { tenant, email, name } = account
  const { users, platformOperators } = services.auth
  let user = await users.findByEmail(tenant.id, email)
  let generatedPassword: string | undefined
  let created = false
  if (!user) {
    const password = account.password ?? randomBytes(18).toString('base64url')
    const registered = await users.register({
      tenantId: tenant.id,
      email,
      password,
      name,
      role: 'super_admin',
      emailVerified: true,
    })
    if (!registered.ok && registered.reason !== 'CONFLICT') {
      throw new Error(`${email} could not be created: ${registered.reason}`)
    }
    // CONFLICT: another starting process created it meanwhile.
    user = registered.ok ? registered.user : await users.findByEmail(tenant.id, email)
    if (!user) throw new Error(`${email} could not be created`)
    created = registered.ok
    if (registered.ok && account.password === undefined) generatedPassword = password
  }
  if (!(await platformOperators.grant(tenant.id, user.id))) {
    throw new Error(`${email} could not be made a platform operator`)
  }
  return {
    userId: user.id,
    role: user.role,
    created,
    ...(generatedPassword ? { generatedPassword } : {}),
  }
}

/** What {@link bootstrapPlatformOperator} did; `undefined` when no operator is configured. */
export interface PlatformBootstrap extends EnsuredOperator {
  readonly tenant: Tenant
  readonly email: string
}

/**
 * Ensures the configured platform operator (`PLATFORM_ADMIN_EMAIL`) at start: its tenant
 * (`PLATFORM_TENANT`, default `platform`) and its account, listed as an operator. The way a
 * database that is never seeded (production) gets its first operator; later starts change nothing.
 */
export async function bootstrapPlatformOperator(
  services: Services,
): Promise<PlatformBootstrap | undefined> {
  const { tenant: slug, adminEmail, adminPassword } = services.config.platform
  if (adminEmail === undefined) return undefined
  const { tenant } = await ensureTenant(services, slug, 'Platform')
  const operator = await ensureOperator(services, {
    tenant,
    email: adminEmail,
    name: 'Platform operator',
    ...(adminPassword === undefined ? {} : { password: adminPassword }),
  })
  return { ...operator, tenant, email: adminEmail }
}
