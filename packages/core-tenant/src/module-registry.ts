import { CoreTenantError } from './core-tenant-error'
import type { AnyKysely } from './tenant-tables'

/** What a lifecycle hook gets: the change's transaction, so its writes commit or roll back with it. */
export interface ModuleHookContext {
  /** The transaction that also writes the module row and its event. */
  readonly trx: AnyKysely
  readonly tenantId: string
  readonly module: string
  /** The module's stored settings for this tenant. */
  readonly settings: Readonly<Record<string, unknown>>
}

/** A module that tenants can enable. */
export interface ModuleDefinition {
  /** Unique name, e.g. `commerce`: letters, digits, `-`, `_`; at most 64 characters. */
  readonly name: string
  /** Modules that must be enabled before this one (and stay enabled while it is). */
  readonly dependsOn?: readonly string[]
  /** Runs inside the enabling transaction; throwing rolls the enable back. */
  onEnable?(context: ModuleHookContext): void | Promise<void>
  /** Runs inside the disabling transaction; throwing rolls the disable back. */
  onDisable?(context: ModuleHookContext): void | Promise<void>
}

/** The known modules, checked once at startup. */
export interface ModuleRegistry {
  /** The module called `name`, or `undefined`. */
  get(name: string): ModuleDefinition | undefined
  /** Every module, sorted by name. */
  list(): readonly ModuleDefinition[]
  /** The modules that list `name` in `dependsOn`, sorted by name. */
  dependentsOf(name: string): readonly string[]
}

const MODULE_NAME = /^[A-Za-z0-9_-]{1,64}$/

function fail(message: string): never {
  throw new CoreTenantError('INVALID_INPUT', `Invalid module registry: ${message}`)
}

function checkAcyclic(byName: ReadonlyMap<string, ModuleDefinition>): void {
  const done = new Set<string>()
  const visit = (name: string, path: readonly string[]): void => {
    if (path.includes(name)) fail(`dependency cycle ${[...path, name].join(' → ')}`)
    if (done.has(name)) return
    for (const dep of byName.get(name)?.dependsOn ?? []) visit(dep, [...path, name])
    done.add(name)
  }
  for (const name of byName.keys()) visit(name, [])
}

/**
 * Builds the module registry. Throws `INVALID_INPUT` for a bad or duplicate name, a dependency on
 * an unknown module, or a dependency cycle: these are bugs to catch at startup.
 *
 * @example
 * ```ts
 * const registry = createModuleRegistry([
 *   { name: 'content' },
 *   { name: 'blog', dependsOn: ['content'], onEnable: ({ trx, tenantId }) => seedBlog(trx, tenantId) },
 * ])
 * ```
 */
export function createModuleRegistry(definitions: readonly ModuleDefinition[]): ModuleRegistry {
  const byName = new Map<string, ModuleDefinition>()
  for (const definition of definitions) {
    if (!MODULE_NAME.test(definition.name)) fail(`bad module name "${definition.name}"`)
    if (byName.has(definition.name)) fail(`module "${definition.name}" is listed twice`)
    byName.set(definition.name, definition)
  }
  for (const definition of definitions) {
    for (const dep of definition.dependsOn ?? []) {
      if (!byName.has(dep)) fail(`"${definition.name}" depends on unknown module "${dep}"`)
    }
  }
  checkAcyclic(byName)
  const sorted = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1))
  return {
    get: (name) => byName.get(name),
    list: () => sorted,
    dependentsOf: (name) =>
      sorted.filter((module) => module.dependsOn?.includes(name)).map((module) => module.name),
  }
}
