import { type TenantModules, createModuleGuard } from '../index'
import type { MiddlewareHandler } from 'hono'
import { problemResponse, type AppEnv } from '@rustok/http'

/**
 * Answers 404 when the request's tenant has not enabled `module`: for that tenant the module's
 * routes do not exist (the original declared this guard and used it nowhere).
 */
export function requireModule(
  modules: Pick<TenantModules, 'isModuleEnabled'>,
  module: string,
): MiddlewareHandler<AppEnv> {
  const guard = createModuleGuard(modules, module)
  return async function requireModule(c, next) {
    const result = await guard(c.get('tenantId'))
    if (!result.ok) return problemResponse(c, { code: 'NOT_FOUND', detail: result.message })
    return next()
  }
}
