import type { Permission } from '@rustok/core-auth'
import type { MigrationModule } from '@rustok/core-db'
import type { AnyEventDefinition, EventHandler } from '@rustok/core-events'
import type { Services } from '../compose/services'
import type { Route } from '../http/route-definition'

/** What a module's health check reports (requirement P5). */
export interface ModuleHealthReport {
  readonly healthy: boolean
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * One module of the server (requirement P8): everything a package contributes, which the server
 * wires. A module without routes is still a module: its migrations run, its events are in the
 * catalogue, and a tenant can enable it.
 */
export interface ServerModule {
  /** Unique; also the name tenants enable it by, and the OpenAPI tag of its routes. */
  readonly name: string
  readonly description: string
  /** Modules that must be enabled first (toggleable modules only). */
  readonly dependsOn?: readonly string[]
  /**
   * Tenants enable and disable it (T5); its routes then carry the module guard. Platform modules
   * (auth, tenants, operations) are always on.
   */
  readonly toggleable?: boolean
  /** Tables the module owns, run by the one ordered migrator in module order. */
  readonly migrations?: readonly MigrationModule[]
  /** Event types the module publishes, merged into the one catalogue. */
  readonly events?: readonly AnyEventDefinition[]
  /** The permissions its routes check, for documentation and role editors. */
  readonly permissions?: readonly Permission[]
  readonly routes?: (services: Services) => readonly Route[]
  /** Reactions to events; run by processes with the `worker` role. */
  readonly handlers?: (services: Services) => readonly EventHandler[]
  readonly health?: (services: Services) => Promise<ModuleHealthReport>
}

/** Checks names, dependencies and duplicates once at start; returns the modules unchanged. */
export function defineModules(modules: readonly ServerModule[]): readonly ServerModule[] {
  const names = new Set<string>()
  for (const module of modules) {
    if (names.has(module.name)) throw new Error(`Module "${module.name}" is registered twice`)
    names.add(module.name)
  }
  for (const module of modules) {
    for (const dependency of module.dependsOn ?? []) {
      if (!names.has(dependency)) {
        throw new Error(`Module "${module.name}" depends on unknown module "${dependency}"`)
      }
    }
  }
  return modules
}
