import { createEnvelope } from '@rustok/core-events'
import { moduleDisabled, moduleEnabled } from './events/module-events'
import type { Kysely } from 'kysely'
import type { ChangeActor, EventWriter } from './event-writer'
import type { ModuleRegistry } from './module-registry'
import { validateUuid } from './tenant-identifier'
import type { AnyKysely, TenantTables } from './tenant-tables'
import { transactionWithEvents } from './internal/event-transaction'

/** Dependencies of {@link createTenantModules}. */
export interface TenantModulesOptions {
  /** The application's database; needs the tables of `tenantMigrations`. */
  readonly db: AnyKysely
  /** Where `module.*` events go, inside each change's transaction. */
  readonly events: EventWriter
  readonly registry: ModuleRegistry
  /** Clock for `updated_at` and event times. Default: the system clock. */
  readonly now?: () => Date
}

/** Outcome of enabling or disabling a module; `changed: false` means it already was (no hook ran). */
export type ModuleChangeResult =
  | { readonly ok: true; readonly changed: boolean }
  | {
      readonly ok: false
      readonly reason: 'TENANT_NOT_FOUND' | 'UNKNOWN_MODULE'
      readonly message: string
    }
  | {
      readonly ok: false
      readonly reason: 'MISSING_DEPENDENCIES'
      readonly missing: readonly string[]
      readonly message: string
    }
  | {
      readonly ok: false
      readonly reason: 'HAS_DEPENDENTS'
      readonly dependents: readonly string[]
      readonly message: string
    }
  | {
      readonly ok: false
      readonly reason: 'HOOK_FAILED'
      readonly message: string
      readonly cause: unknown
    }

/** Per-tenant module switches (T5). */
export interface TenantModules {
  /** Enables `module`; its dependencies must be enabled. Row, event and `onEnable` commit together. */
  enableModule(tenantId: string, module: string, actor?: ChangeActor): Promise<ModuleChangeResult>
  /** Disables `module`; refused while an enabled module depends on it. Row, event and `onDisable` commit together. */
  disableModule(tenantId: string, module: string, actor?: ChangeActor): Promise<ModuleChangeResult>
  /** Whether the tenant has `module` enabled. No row means disabled. */
  isModuleEnabled(tenantId: string, module: string): Promise<boolean>
  /** The tenant's enabled modules, sorted by name. */
  listEnabled(tenantId: string): Promise<readonly string[]>
}

/**
 * Creates the per-tenant module switches. Each change locks the tenant row, so concurrent changes
 * of one tenant's modules run one after another and the dependency checks hold. Unlike the
 * original, hooks run inside the transaction: a failing hook leaves no row behind, even on a
 * first enable.
 *
 * @example
 * ```ts
 * const modules = createTenantModules({ db, events: outbox, registry })
 * const result = await modules.enableModule(tenant.id, 'blog', { actorId: userId })
 * if (!result.ok && result.reason === 'MISSING_DEPENDENCIES') return c.json({ missing: result.missing }, 409)
 * ```
 */
export function createTenantModules({
  db: anyDb,
  events,
  registry,
  now = () => new Date(),
}: TenantModulesOptions): TenantModules {
  const db = anyDb as Kysely<TenantTables>

  const enabledIn = async (trx: Kysely<TenantTables>, tenantId: string): Promise<Set<string>> => {
    const rows = await trx
      .selectFrom('tenant_modules')
      .select('module')
      .where('tenant_id', '=', tenantId)
      .where('enabled', '=', true)
      .execute()
    return new Set(rows.map((row) => row.module))
  }

  const toggle = async (
    tenantId: string,
    name: string,
    request: { readonly enable: boolean; readonly actor: ChangeActor },
  ): Promise<ModuleChangeResult> => {
    const definition = registry.get(name)
    if (!definition)
      return { ok: false, reason: 'UNKNOWN_MODULE', message: `Unknown module "${name}"` }
    const uuid = validateUuid(tenantId)
    const tenantMissing: ModuleChangeResult = {
      ok: false,
      reason: 'TENANT_NOT_FOUND',
      message: `Tenant ${tenantId} not found`,
    }
    if (!uuid.ok) return tenantMissing
    const id = uuid.value
    // Set when a hook throws: its error rolls the transaction back, then becomes HOOK_FAILED.
    let hookError: { readonly cause: unknown } | undefined
    try {
      return await transactionWithEvents(db, events, async (trx): Promise<ModuleChangeResult> => {
        const tenant = await trx
          .selectFrom('tenants')
          .select('id')
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst()
        if (!tenant) return tenantMissing
        const enabled = await enabledIn(trx, id)
        if (enabled.has(name) === request.enable) return { ok: true, changed: false }
        if (request.enable) {
          const missing = (definition.dependsOn ?? []).filter((dep) => !enabled.has(dep))
          if (missing.length > 0) {
            const message = `Missing module dependencies: ${missing.join(', ')}`
            return { ok: false, reason: 'MISSING_DEPENDENCIES', missing, message }
          }
        } else {
          const dependents = registry.dependentsOf(name).filter((dep) => enabled.has(dep))
          if (dependents.length > 0) {
            const message = `Module is required by: ${dependents.join(', ')}`
            return { ok: false, reason: 'HAS_DEPENDENTS', dependents, message }
          }
        }
        const row = await trx
          .insertInto('tenant_modules')
          .values({
            tenant_id: id,
            module: name,
            enabled: request.enable,
            settings: '{}',
            updated_at: now(),
          })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'module'])
              .doUpdateSet({ enabled: request.enable, updated_at: now() }),
          )
          .returning('settings')
          .executeTakeFirstOrThrow()
        const event = request.enable ? moduleEnabled : moduleDisabled
        const context = { ...request.actor, tenantId: id }
        await events.publishInTx(trx, [
          createEnvelope(event, { tenantId: id, module: name }, context, { now }),
        ])
        const hookContext = { trx, tenantId: id, module: name, settings: row.settings }
        try {
          if (request.enable) await definition.onEnable?.(hookContext)
          else await definition.onDisable?.(hookContext)
        } catch (error) {
          hookError = { cause: error }
          throw error
        }
        return { ok: true, changed: true }
      })
    } catch (error) {
      if (hookError?.cause !== error) throw error
      const detail = error instanceof Error ? error.message : String(error)
      const message = `Module lifecycle hook failed, state rolled back: ${detail}`
      return { ok: false, reason: 'HOOK_FAILED', message, cause: error }
    }
  }

  return {
    enableModule: (tenantId, name, actor = {}) => toggle(tenantId, name, { enable: true, actor }),
    disableModule: (tenantId, name, actor = {}) => toggle(tenantId, name, { enable: false, actor }),
    async isModuleEnabled(tenantId, name) {
      const uuid = validateUuid(tenantId)
      if (!uuid.ok) return false
      const row = await db
        .selectFrom('tenant_modules')
        .select('enabled')
        .where('tenant_id', '=', uuid.value)
        .where('module', '=', name)
        .executeTakeFirst()
      return row?.enabled === true
    },
    async listEnabled(tenantId) {
      const uuid = validateUuid(tenantId)
      if (!uuid.ok) return []
      return [...(await enabledIn(db, uuid.value))].sort()
    },
  }
}
