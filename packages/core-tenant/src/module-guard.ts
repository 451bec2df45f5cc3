import type { TenantModules } from './tenant-modules'

/** Outcome of a module guard: pass, or the 404 a disabled module answers with. */
export type ModuleGuardResult =
  | { readonly ok: true }
  | {
      readonly ok: false
      readonly status: 404
      readonly code: 'NOT_FOUND'
      readonly message: string
    }

/** Checks, per request, that the tenant has a module enabled. */
export type ModuleGuard = (tenantId: string) => Promise<ModuleGuardResult>

/**
 * Builds a guard for `module`: a tenant without it enabled gets 404 "Module is disabled or not
 * found", so a disabled module's routes look absent. The server wraps it in Hono middleware.
 *
 * @example
 * ```ts
 * const requireBlog = createModuleGuard(modules, 'blog')
 * const check = await requireBlog(c.var.tenant.id)
 * if (!check.ok) return c.json({ code: check.code, message: check.message }, check.status)
 * ```
 */
export function createModuleGuard(
  modules: Pick<TenantModules, 'isModuleEnabled'>,
  module: string,
): ModuleGuard {
  return async (tenantId) =>
    (await modules.isModuleEnabled(tenantId, module))
      ? { ok: true }
      : { ok: false, status: 404, code: 'NOT_FOUND', message: 'Module is disabled or not found' }
}
