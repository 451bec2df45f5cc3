import type { AnyKysely, MigrationModule } from '@rustok/core-db'
import type {
  AnyEventDefinition,
  EventCatalog,
  EventEnvelope,
  EventHandler,
} from '@rustok/core-events'
import type { Kysely } from 'kysely'
import type { ErrorContribution } from '../errors/error-catalog'
import type { RoutePipeline } from '../routes/mount-routes'
import type { Permission, Route } from '../routes/route-definition'

/** What a module's health check reports (requirement P5). */
export interface ModuleHealthReport {
  readonly healthy: boolean
  readonly details?: Readonly<Record<string, unknown>>
}

/** What a passing dependency check may add to its entry in the readiness report. */
export interface HealthCheckResult {
  readonly details: Readonly<Record<string, unknown>>
}

/** One dependency a process needs to serve (database, transport, cache, …), for `/health/ready`. */
export interface HealthCheck {
  readonly name: string
  /** A failing critical check makes the server not ready (503); others only degrade it. */
  readonly critical: boolean
  /** Default 2000. A check still running then counts as failed. */
  readonly timeoutMs?: number
  /** Resolves when healthy; rejects (or throws) when not. */
  readonly check: () => Promise<void | HealthCheckResult>
}

/** What a run of a {@link ScheduledJob} did, for the server's metrics. */
export interface ScheduledJobResult {
  /** Rows deleted, by table (a maintenance job's clean-up), e.g. `{ sessions: 120 }`. */
  readonly removed?: Readonly<Record<string, number>>
}

/**
 * Work a module runs on a schedule, in processes with the `worker` role. Every worker runs every
 * job: a job that must not run twice at once across workers guards itself (an advisory lock, or
 * `FOR UPDATE SKIP LOCKED` batches).
 */
export interface ScheduledJob {
  /** Unique across modules; names the job in logs and metrics. */
  readonly name: string
  /** Pause between the end of one run and the start of the next. */
  readonly intervalMs: number
  run(): Promise<void | ScheduledJobResult>
}

/** The slice of a logger modules use; a pino `Logger` fits. */
export interface ModuleLogger {
  info(fields: object, message: string): void
  warn(fields: object, message: string): void
  error(fields: object, message: string): void
}

/**
 * The outbox as modules write to it: inside the caller's transaction (requirement E1).
 * `createOutbox()` of `@rustok/outbox` satisfies it.
 */
export interface OutboxWriter {
  publishInTx(trx: AnyKysely, envelopes: readonly EventEnvelope[]): Promise<void>
  /** Runs `work` in a transaction of `db`, then wakes the relays if it committed. */
  transaction<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T>
  /** Tells relays that events were committed (after a transaction that wrote some). */
  committed<DB>(db: Kysely<DB>): void
}

/** One tenant and its users, as the cross-tenant matrix builds them for each side. */
export interface MatrixTenant {
  /** `own`: the tenant the caller belongs to; `foreign`: the other tenant, whose ids must 404. */
  readonly side: 'own' | 'foreign'
  readonly tenantId: string
  readonly adminId: string
  readonly customerId: string
}

/**
 * Values for the path parameters of a module's routes, grouped by the path segment before them:
 * `{ users: { id: '…' } }` fills `/api/admin/users/:id`. Real rows of `tenant`, so a read with
 * the own side's values answers 2xx and one with the foreign side's values answers 404.
 */
export type MatrixFixtures = (
  tenant: MatrixTenant,
) => Promise<Readonly<Record<string, Readonly<Record<string, string>>>>>

/** What a module's {@link ServerModule.setup} returns: its services and what the server wires. */
export interface ModuleSetup<S = unknown> {
  /** What other modules may use (`core.use(module)`) and the server may expose. */
  readonly services: S
  readonly routes?: readonly Route[]
  /**
   * Steps of the per-route chain this module provides: tenant resolution and the module guard
   * (tenancy), authentication and authorization (auth). Every route's chain is built from them.
   */
  readonly pipeline?: Partial<RoutePipeline>
  /** Reactions to events; run by processes with the `worker` role. */
  readonly handlers?: readonly EventHandler[]
  readonly jobs?: readonly ScheduledJob[]
  /** The module's own health, for `/health/modules`. */
  readonly health?: () => Promise<ModuleHealthReport>
  /** Dependencies this module adds to `/health/ready`. */
  readonly readiness?: readonly HealthCheck[]
  /** Path-parameter values for the cross-tenant matrix; required when a route has a `:param`. */
  readonly matrixFixtures?: MatrixFixtures
  /** Realistic data for a demo tenant (the server's `demo` seed), run once when it is created. */
  readonly seedDemo?: (tenantId: string) => Promise<void>
}

/* eslint-disable @typescript-eslint/no-explicit-any -- a module of any config, by its services */
/** The small core every module's setup receives. Nothing in it reads the environment. */
export interface ModuleCore<C = undefined> {
  readonly db: AnyKysely
  readonly outbox: OutboxWriter
  /** Every module's events: decode, upcast, list. */
  readonly catalog: EventCatalog
  readonly now: () => Date
  readonly newId: () => string
  readonly logger: ModuleLogger
  /** This module's settings, validated by its `config` schema (defaults filled in). */
  readonly config: C
  /** Every module of the app, as declared (names, dependencies, audit rules, …). */
  readonly modules: readonly AnyServerModule[]
  /**
   * The services of a module this one lists in `dependsOn`, set up before it. The only way a
   * module reaches another's services: through what that module exports.
   */
  use<D>(module: ServerModule<any, D>): D
  /**
   * The services of an optional partner by its name: `undefined` when it is not part of this app.
   * For a feature that works better with another module but not only with it (commerce images
   * from content's media library), without importing that module's package: the caller states
   * the shape it relies on as `D`. A partner that is in the app must be listed before this one.
   */
  find<D>(name: string): D | undefined
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A valibot-like schema: only `parse` of the module's config is needed, through `~standard`. */
export interface ConfigSchema<C> {
  readonly '~standard': {
    readonly validate: (value: unknown) =>
      | { readonly value: C; readonly issues?: undefined }
      | {
          readonly issues: readonly {
            readonly message: string
            readonly path?: readonly unknown[]
          }[]
        }
      | Promise<unknown>
  }
}

/**
 * One module (requirement P8): a package's contribution to an app. What can be known without a
 * database is declared; `setup` builds the rest from the {@link ModuleCore}.
 */
export interface ServerModule<C = undefined, S = unknown> {
  /** Unique; also the name tenants enable it by, and the OpenAPI tag of its routes. */
  readonly name: string
  readonly description: string
  /** Modules set up first and usable through `core.use`; for toggleable ones, enabled first. */
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
  /** Event types (or prefixes ending in `.`) the audit log records (requirement A7). */
  readonly audited?: readonly string[]
  /** The permissions its routes check, for documentation and role editors. */
  readonly permissions?: readonly Permission[]
  /** Its own error codes and the error classes whose codes reach clients. */
  readonly errors?: ErrorContribution
  /** Validates and fills the module's settings (`core.config`); a Standard Schema (valibot). */
  readonly config?: ConfigSchema<C>
  readonly setup?: (core: ModuleCore<C>) => ModuleSetup<S> | Promise<ModuleSetup<S>>
}

/** A module of any config and services, as lists hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list holds modules of every kind
export type AnyServerModule = ServerModule<any, any>

/**
 * Declares a module. An identity function that fixes the types, so `setup`'s `core.config` and
 * returned services are inferred.
 *
 * @example
 * ```ts
 * export const notesModule = defineServerModule({
 *   name: 'notes',
 *   description: 'Notes per tenant.',
 *   toggleable: true,
 *   migrations: [notesMigrations],
 *   setup: (core) => {
 *     const notes = createNotes({ db: core.db, events: core.outbox, now: core.now })
 *     return { services: { notes }, routes: noteRoutes(notes) }
 *   },
 * })
 * ```
 */
export function defineServerModule<C = undefined, S = unknown>(
  module: ServerModule<C, S>,
): ServerModule<C, S> {
  return module
}
