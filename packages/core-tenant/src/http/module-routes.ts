import { requestEventContext, pageSchema, defineRoute, requires, type Route } from '@rustok/http'
import type { TenancyServices } from './tenancy-services'
import { moduleProblem } from './tenancy-outcomes'
import { ModuleChangeSchema, ModuleParams, ModuleSchema } from './tenancy-schemas'

const TAGS = ['tenancy']

/**
 * The current tenant's module switches. Reading needs `modules:list` (the built-in admin holds
 * it); switching needs `modules:update`, which among the built-in roles only super_admin holds.
 */
export function moduleRoutes(
  services: Pick<TenancyServices, 'moduleRegistry' | 'tenantModules'>,
  modules: readonly { readonly name: string; readonly description: string }[],
): readonly Route[] {
  const { moduleRegistry, tenantModules } = services
  const descriptions = new Map(modules.map((module) => [module.name, module.description]))
  const describe = (name: string, enabled: boolean) => ({
    name,
    description: descriptions.get(name) ?? '',
    dependsOn: [...(moduleRegistry.get(name)?.dependsOn ?? [])],
    enabled,
  })

  const switchRoute = (enable: boolean) =>
    defineRoute({
      method: 'post',
      path: `/api/admin/modules/:name/${enable ? 'enable' : 'disable'}`,
      operationId: enable ? 'enableModule' : 'disableModule',
      summary: enable ? 'Enable a module for the tenant' : 'Disable a module for the tenant',
      description: enable
        ? 'Its dependencies must be enabled first (409 names them otherwise).'
        : 'Modules that depend on it must be disabled first (409 names them otherwise). Its data stays.',
      tags: TAGS,
      access: requires('modules:update'),
      request: { params: ModuleParams },
      responses: {
        200: { description: 'The module after the change', schema: ModuleChangeSchema },
      },
      handler: async (c, { params }) => {
        const actor = requestEventContext(c)
        const result = enable
          ? await tenantModules.enableModule(c.var.tenantId, params.name, actor)
          : await tenantModules.disableModule(c.var.tenantId, params.name, actor)
        if (!result.ok) return moduleProblem(c, { module: params.name, failure: result })
        return c.json({ ...describe(params.name, enable), changed: result.changed })
      },
    })

  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/modules',
      operationId: 'listModules',
      summary: 'The modules the tenant can switch, and whether each is on',
      description: 'Every switchable module in one page, sorted by name.',
      tags: TAGS,
      access: requires('modules:list'),
      responses: { 200: { description: 'The modules', schema: pageSchema(ModuleSchema) } },
      handler: async (c) => {
        const enabled = new Set(await tenantModules.listEnabled(c.var.tenantId))
        const items = moduleRegistry
          .list()
          .map((module) => describe(module.name, enabled.has(module.name)))
        return c.json({ items, nextCursor: null })
      },
    }),
    switchRoute(true),
    switchRoute(false),
  ]
}
