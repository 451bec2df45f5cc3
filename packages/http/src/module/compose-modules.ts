import { randomUUID } from 'node:crypto'
import type { AnyKysely, MigrationModule } from '@rustok/core-db'
import type { EventHandler } from '@rustok/core-events'
import { createEventCatalog, type EventCatalog } from '@rustok/core-events'
import {
  createErrorCatalog,
  type ErrorCatalog,
  type ErrorContribution,
} from '../errors/error-catalog'
import type { RoutePipeline } from '../routes/mount-routes'
import type { Route } from '../routes/route-definition'
import type {
  AnyServerModule,
  HealthCheck,
  ModuleCore,
  ModuleLogger,
  ModuleSetup,
  OutboxWriter,
  ScheduledJob,
  ServerModule,
} from './server-module'

/**
 * Checks a module list once at start: unique names, and every dependency listed earlier (the
 * order is the migration and set-up order). Returns the list unchanged.
 */
export function checkModules<M extends AnyServerModule>(modules: readonly M[]): readonly M[] {
  const seen = new Set<string>()
  const names = new Set(modules.map((module) => module.name))
  for (const module of modules) {
    if (seen.has(module.name)) throw new Error(`Module "${module.name}" is registered twice`)
    for (const dependency of module.dependsOn ?? []) {
      if (!names.has(dependency)) {
        throw new Error(`Module "${module.name}" depends on unknown module "${dependency}"`)
      }
      if (!seen.has(dependency)) {
        throw new Error(
          `Module "${module.name}" must come after "${dependency}", which it depends on`,
        )
      }
    }
    seen.add(module.name)
  }
  return modules
}

/** The migrations of `modules`, in order, for one migrator. */
export function migrationsOf(modules: readonly AnyServerModule[]): MigrationModule[] {
  return modules.flatMap((module) => module.migrations ?? [])
}

/** One catalogue of every module's events. */
export function eventCatalogOf(modules: readonly AnyServerModule[]): EventCatalog {
  return createEventCatalog(...modules.map((module) => module.events ?? []))
}

/** The error catalogue of `modules`: the shared codes, the modules' codes, then `extra`. */
export function errorCatalogOf(
  modules: readonly AnyServerModule[],
  extra: readonly ErrorContribution[] = [],
): ErrorCatalog {
  return createErrorCatalog([...modules.flatMap((module) => module.errors ?? []), ...extra])
}

/** What {@link composeModules} takes. */
export interface ComposeModulesOptions {
  readonly db: AnyKysely
  readonly outbox: OutboxWriter
  readonly logger: ModuleLogger
  /** Default: the merge of the modules' events. */
  readonly catalog?: EventCatalog
  /** Settings by module name; each module's `config` schema validates its own and fills defaults. */
  readonly config?: Readonly<Record<string, unknown>>
  readonly now?: () => Date
  readonly newId?: () => string
}

/** One module after set-up: its declaration, what its setup returned, and its routes as mounted. */
export interface ComposedModule {
  readonly module: AnyServerModule
  readonly setup: ModuleSetup
  /** The setup's routes; a toggleable module's carry its module guard. */
  readonly routes: readonly Route[]
}

/** Modules set up together: everything an app mounts, runs and checks, collected once. */
export interface ComposedModules {
  readonly modules: readonly ComposedModule[]
  readonly catalog: EventCatalog
  /** Every route, a toggleable module's with its module guard. */
  readonly routes: readonly Route[]
  /** The chain steps the modules provide (tenant resolution, authentication, …). */
  readonly pipeline: RoutePipeline
  readonly handlers: readonly EventHandler[]
  readonly jobs: readonly ScheduledJob[]
  readonly readiness: readonly HealthCheck[]
  /** The services a module's setup returned. Throws for a module that is not in the app. */
  services<S>(module: ServerModule<any, S>): S // eslint-disable-line @typescript-eslint/no-explicit-any -- by services only
}

function parseConfig(module: AnyServerModule, value: unknown): unknown {
  if (!module.config) return value
  const result = module.config['~standard'].validate(value ?? {})
  if (result instanceof Promise)
    throw new Error(`Module "${module.name}": config must validate synchronously`)
  const typed = result as {
    value?: unknown
    issues?: readonly { message: string; path?: readonly unknown[] }[]
  }
  if (typed.issues) {
    const details = typed.issues
      .map((issue) => {
        const path = (issue.path ?? [])
          .map((part) =>
            typeof part === 'object' && part !== null && 'key' in part
              ? String(part.key)
              : String(part),
          )
          .join('.')
        return `${module.name}${path ? `.${path}` : ''}: ${issue.message}`
      })
      .join('; ')
    throw new Error(`Invalid module config: ${details}`)
  }
  return typed.value
}

/** Routes of a toggleable module exist only for tenants that enabled it. */
function guarded(module: AnyServerModule, routes: readonly Route[]): Route[] {
  return routes.map((route) =>
    module.toggleable && route.module === undefined ? { ...route, module: module.name } : route,
  )
}

/**
 * Sets up `modules` in order: each module's `setup(core)` gets the small {@link ModuleCore}, its
 * validated settings, and the services of the modules it depends on. Collects their routes,
 * pipeline steps, handlers, jobs and readiness checks.
 *
 * @example
 * ```ts
 * const composed = await composeModules([tenancyModule, authModule({ jwtSecret })], { db, outbox, logger })
 * mountRoutes(app, composed.routes, composed.pipeline)
 * ```
 */
export async function composeModules(
  modules: readonly AnyServerModule[],
  options: ComposeModulesOptions,
): Promise<ComposedModules> {
  checkModules(modules)
  const catalog = options.catalog ?? eventCatalogOf(modules)
  const now = options.now ?? (() => new Date())
  const newId = options.newId ?? randomUUID
  const done = new Map<string, ComposedModule>()
  const servicesOf = (name: string, by?: AnyServerModule): unknown => {
    const found = done.get(name)
    if (!found) {
      throw new Error(
        by
          ? `Module "${by.name}" uses "${name}", which is not set up before it`
          : `Module "${name}" is not part of this app`,
      )
    }
    return found.setup.services
  }
  for (const module of modules) {
    const core: ModuleCore<unknown> = {
      db: options.db,
      outbox: options.outbox,
      catalog,
      now,
      newId,
      logger: options.logger,
      config: parseConfig(module, options.config?.[module.name]),
      modules,
      use: <D>(used: AnyServerModule) => {
        if (!(module.dependsOn ?? []).includes(used.name)) {
          throw new Error(
            `Module "${module.name}" uses "${used.name}" without listing it in dependsOn`,
          )
        }
        return servicesOf(used.name, module) as D
      },
      find: <D>(name: string) =>
        modules.some((m) => m.name === name) ? (servicesOf(name, module) as D) : undefined,
    }
    const setup: ModuleSetup = (await module.setup?.(core)) ?? { services: undefined }
    done.set(module.name, { module, setup, routes: guarded(module, setup.routes ?? []) })
  }
  const composed = [...done.values()]
  const pipeline: RoutePipeline = Object.assign(
    {},
    ...composed.map(({ setup }) => setup.pipeline ?? {}),
  ) as RoutePipeline
  return {
    modules: composed,
    catalog,
    routes: composed.flatMap(({ routes }) => routes),
    pipeline,
    handlers: composed.flatMap(({ setup }) => setup.handlers ?? []),
    jobs: composed.flatMap(({ setup }) => setup.jobs ?? []),
    readiness: composed.flatMap(({ setup }) => setup.readiness ?? []),
    services: <S>(module: AnyServerModule) => servicesOf(module.name) as S,
  }
}
