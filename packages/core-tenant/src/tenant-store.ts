import { createEnvelope } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'
import { tenantCreated, tenantDisabled, tenantUpdated } from './events/tenant-events'
import type { TenantPayload } from './events/tenant-events'
import type { Kysely, Updateable } from 'kysely'
import * as v from 'valibot'
import type { ChangeActor, EventWriter } from './event-writer'
import { invalidInput } from './internal/issues'
import { toTenant } from './internal/tenant-row'
import { conflict, conflictFrom, notFound } from './internal/tenant-outcomes'
import type { Tenant, TenantLookup } from './tenant'
import { validateHost, validateSlug, validateUuid } from './tenant-identifier'
import type { TenantIdentifier } from './tenant-identifier'
import { CreateTenantInputSchema, TenantPatchSchema } from './tenant-input'
import { listTenants, type TenantListPage, type TenantListQuery } from './tenant-list'
import type { CreateTenantInput, TenantPatch } from './tenant-input'
import type { AnyKysely, TenantTables, TenantsTable } from './tenant-tables'
import { transactionWithEvents } from './internal/event-transaction'

/** Dependencies of {@link createTenantStore}. */
export interface TenantStoreOptions {
  /** The application's database; needs the tables of `tenantMigrations`. */
  readonly db: AnyKysely
  /** Where `tenant.*` events go, inside each change's transaction (the outbox). */
  readonly events: EventWriter
  /** Clock for timestamps. Default: the system clock. */
  readonly now?: () => Date
  /** Id source for new tenants. Default: `crypto.randomUUID`. */
  readonly newId?: () => string
  /**
   * Called after a change has committed, e.g. to invalidate the tenant cache. `previous` is the
   * tenant before the change (absent on create). An error it throws reaches the caller, though the
   * change is already committed.
   */
  readonly onChanged?: (tenant: Tenant, previous: Tenant | undefined) => void | Promise<void>
}

/** A slug or domain already belongs to another tenant. */
export interface TenantConflict {
  readonly ok: false
  readonly reason: 'CONFLICT'
  readonly field: 'slug' | 'domain'
  readonly message: string
}

/** No tenant has the given id. */
export interface TenantNotFound {
  readonly ok: false
  readonly reason: 'NOT_FOUND'
  readonly message: string
}

/** Outcome of {@link TenantStore.create}. */
export type CreateTenantResult = { readonly ok: true; readonly tenant: Tenant } | TenantConflict

/** Outcome of update, disable and enable; `changed: false` means nothing was written. */
export type TenantChangeResult =
  | { readonly ok: true; readonly tenant: Tenant; readonly changed: boolean }
  | TenantConflict
  | TenantNotFound

/** Reads and writes tenants; every change commits together with its `tenant.*` event. */
export interface TenantStore extends TenantLookup {
  /** Creates a tenant and its default-locale row; emits `tenant.created`. Throws `INVALID_INPUT`. */
  create(input: CreateTenantInput, actor?: ChangeActor): Promise<CreateTenantResult>
  /** Changes the given fields; emits `tenant.updated` if anything changed. Throws `INVALID_INPUT`. */
  update(id: string, patch: TenantPatch, actor?: ChangeActor): Promise<TenantChangeResult>
  /** Marks the tenant inactive (it then resolves to 403); emits `tenant.disabled`. Idempotent. */
  disable(id: string, actor?: ChangeActor): Promise<TenantChangeResult>
  /** Marks a disabled tenant active again; emits `tenant.updated`. Idempotent. */
  enable(id: string, actor?: ChangeActor): Promise<TenantChangeResult>
  /** The tenant with this id (any case), or `undefined`. */
  getById(id: string): Promise<Tenant | undefined>
  /** The tenant with this slug (normalised first), or `undefined`. */
  getBySlug(slug: string): Promise<Tenant | undefined>
  /** The tenant whose domain is this host (normalised first), or `undefined`. */
  getByHost(host: string): Promise<Tenant | undefined>
  /** A keyset page of tenants, filtered and sorted. Throws `INVALID_INPUT` for a bad query. */
  list(query: TenantListQuery): Promise<TenantListPage>
}

type Trx = Kysely<TenantTables>
type TenantEvent = EventDefinition<string, TenantPayload>
interface Change {
  readonly row: Updateable<TenantsTable>
  readonly event: TenantEvent
}

/**
 * Creates the tenant store over the `tenants` and `tenant_locales` tables.
 *
 * @example
 * ```ts
 * const tenants = createTenantStore({ db, events: outbox, onChanged: (t, prev) => cache.invalidate(t, prev) })
 * const result = await tenants.create({ slug: 'acme', name: 'Acme' }, { actorId: userId })
 * if (!result.ok) return c.json({ error: result.message }, 409)
 * ```
 */
export function createTenantStore({
  db: anyDb,
  events,
  now = () => new Date(),
  newId = () => crypto.randomUUID(),
  onChanged,
}: TenantStoreOptions): TenantStore {
  const db = anyDb as Kysely<TenantTables>

  const envelope = (event: TenantEvent, tenantId: string, actor: ChangeActor) =>
    createEnvelope(event, { tenantId }, { ...actor, tenantId }, { now })

  const findOne = async (column: 'id' | 'slug' | 'domain', value: string) => {
    const row = await db
      .selectFrom('tenants')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst()
    return row && toTenant(row)
  }

  const takenBy = async (
    trx: Trx,
    patch: { readonly slug?: string; readonly domain?: string | null },
    ownId: string,
  ) => {
    for (const field of ['slug', 'domain'] as const) {
      const value = patch[field]
      if (value === undefined || value === null) continue
      const other = await trx
        .selectFrom('tenants')
        .select('id')
        .where(field, '=', value)
        .where('id', '!=', ownId)
        .executeTakeFirst()
      if (other) return conflict(field)
    }
    return undefined
  }

  // Runs `plan` on the locked row; a planned change is written together with its event, and
  // `onChanged` runs once the transaction has committed.
  const change = async (
    id: string,
    actor: ChangeActor,
    plan: (current: Tenant, trx: Trx) => Promise<Change | TenantConflict | undefined>,
  ): Promise<TenantChangeResult> => {
    const uuid = validateUuid(id)
    if (!uuid.ok) return notFound(id)
    let previous: Tenant | undefined
    let outcome: TenantChangeResult
    try {
      outcome = await transactionWithEvents(
        db,
        events,
        async (trx): Promise<TenantChangeResult> => {
          const row = await trx
            .selectFrom('tenants')
            .selectAll()
            .where('id', '=', uuid.value)
            .forUpdate()
            .executeTakeFirst()
          if (!row) return notFound(id)
          previous = toTenant(row)
          const planned = await plan(previous, trx)
          if (planned === undefined) return { ok: true, tenant: previous, changed: false }
          if ('ok' in planned) return planned
          const updated = await trx
            .updateTable('tenants')
            .set({ ...planned.row, updated_at: now() })
            .where('id', '=', uuid.value)
            .returningAll()
            .executeTakeFirstOrThrow()
          await events.publishInTx(trx, [envelope(planned.event, uuid.value, actor)])
          return { ok: true, tenant: toTenant(updated), changed: true }
        },
      )
    } catch (error) {
      const taken = conflictFrom(error)
      if (taken) return taken
      throw error
    }
    if (outcome.ok && outcome.changed) await onChanged?.(outcome.tenant, previous)
    return outcome
  }

  return {
    async create(input, actor = {}) {
      const parsed = v.safeParse(CreateTenantInputSchema, input)
      if (!parsed.success) throw invalidInput('tenant', parsed.issues)
      const data = parsed.output
      const id = newId()
      const at = now()
      let tenant: Tenant
      try {
        const result = await transactionWithEvents(db, events, async (trx) => {
          const taken = await takenBy(trx, data, id)
          if (taken) return taken
          const row = await trx
            .insertInto('tenants')
            .values({
              id,
              slug: data.slug,
              name: data.name,
              domain: data.domain,
              default_locale: data.defaultLocale,
              active: true,
              settings: JSON.stringify(data.settings),
              created_at: at,
              updated_at: at,
            })
            .returningAll()
            .executeTakeFirstOrThrow()
          await trx
            .insertInto('tenant_locales')
            .values({
              tenant_id: id,
              locale: data.defaultLocale,
              fallback: null,
              enabled: true,
              position: 0,
            })
            .execute()
          await events.publishInTx(trx, [envelope(tenantCreated, id, actor)])
          return toTenant(row)
        })
        if ('ok' in result) return result
        tenant = result
      } catch (error) {
        const taken = conflictFrom(error)
        if (taken) return taken
        throw error
      }
      await onChanged?.(tenant, undefined)
      return { ok: true, tenant }
    },

    async update(id, patch, actor = {}) {
      const parsed = v.safeParse(TenantPatchSchema, patch)
      if (!parsed.success) throw invalidInput('tenant patch', parsed.issues)
      const data = parsed.output
      return change(id, actor, async (current, trx) => {
        const row: Updateable<TenantsTable> = {}
        if (data.slug !== undefined && data.slug !== current.slug) row.slug = data.slug
        if (data.name !== undefined && data.name !== current.name) row.name = data.name
        if (data.domain !== undefined && data.domain !== current.domain) row.domain = data.domain
        if (data.settings !== undefined) {
          const json = JSON.stringify(data.settings)
          if (json !== JSON.stringify(current.settings)) row.settings = json
        }
        const locale = data.defaultLocale
        if (locale !== undefined && locale !== current.defaultLocale) {
          row.default_locale = locale
          await trx
            .insertInto('tenant_locales')
            .values({ tenant_id: current.id, locale, fallback: null, enabled: true, position: 0 })
            .onConflict((oc) => oc.columns(['tenant_id', 'locale']).doUpdateSet({ enabled: true }))
            .execute()
        }
        if (Object.keys(row).length === 0) return undefined
        return (await takenBy(trx, row, current.id)) ?? { row, event: tenantUpdated }
      })
    },

    disable(id, actor = {}) {
      return change(id, actor, (current) =>
        Promise.resolve(
          current.active ? { row: { active: false }, event: tenantDisabled } : undefined,
        ),
      )
    },

    enable(id, actor = {}) {
      return change(id, actor, (current) =>
        Promise.resolve(
          current.active ? undefined : { row: { active: true }, event: tenantUpdated },
        ),
      )
    },

    find(identifier: TenantIdentifier) {
      switch (identifier.kind) {
        case 'uuid':
          return findOne('id', identifier.value)
        case 'slug':
          return findOne('slug', identifier.value)
        case 'host':
          return findOne('domain', identifier.value)
      }
    },

    async getById(id) {
      const uuid = validateUuid(id)
      return uuid.ok ? findOne('id', uuid.value) : undefined
    },
    async getBySlug(slug) {
      const valid = validateSlug(slug)
      return valid.ok ? findOne('slug', valid.value) : undefined
    },
    async getByHost(host) {
      const valid = validateHost(host)
      return valid.ok ? findOne('domain', valid.value) : undefined
    },
    list: (query) => listTenants(db, query),
  }
}
