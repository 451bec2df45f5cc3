import { createEnvelope } from '@rustok/core-events'
import { localeDisabled, localeEnabled } from './events/locale-events'
import { tenantUpdated } from './events/tenant-events'
import type { Kysely } from 'kysely'
import * as v from 'valibot'
import type { ChangeActor, EventWriter } from './event-writer'
import { invalidInput } from './internal/issues'
import { LocaleCodeSchema } from './locale-code'
import type { FallbackChain } from './resolve-translation'
import type {
  AddLocaleInput,
  LocaleChangeResult,
  SetFallbackInput,
  TenantLocale,
} from './tenant-locale-types'
import { validateUuid } from './tenant-identifier'
import type { AnyKysely, TenantTables } from './tenant-tables'
import { transactionWithEvents } from './internal/event-transaction'

/** Dependencies of {@link createTenantLocales}. */
export interface TenantLocalesOptions {
  /** The application's database; needs the tables of `tenantMigrations`. */
  readonly db: AnyKysely
  /** Where `locale.*` and `tenant.updated` events go, inside each change's transaction. */
  readonly events: EventWriter
  /** Clock for event times. Default: the system clock. */
  readonly now?: () => Date
  /** Called after the tenant's default locale changed and committed, e.g. `tenantCache.invalidateById`. */
  readonly onTenantChanged?: (tenantId: string) => void | Promise<void>
}

export type {
  AddLocaleInput,
  LocaleChangeResult,
  SetFallbackInput,
  TenantLocale,
} from './tenant-locale-types'

/** A tenant's locales and fallback chains (T6). */
export interface TenantLocales {
  /** Adds (or re-enables) a locale; emits `locale.enabled`. Throws `INVALID_INPUT` for a bad code. */
  addLocale(
    tenantId: string,
    input: AddLocaleInput,
    actor?: ChangeActor,
  ): Promise<LocaleChangeResult>
  /** Disables a locale other than the default; emits `locale.disabled`. */
  disableLocale(tenantId: string, locale: string, actor?: ChangeActor): Promise<LocaleChangeResult>
  /** Changes the fallback of one of the tenant's locales; emits `tenant.updated`. */
  setFallback(
    tenantId: string,
    input: SetFallbackInput,
    actor?: ChangeActor,
  ): Promise<LocaleChangeResult>
  /** Makes an enabled locale the default; emits `tenant.updated`. */
  setDefault(tenantId: string, locale: string, actor?: ChangeActor): Promise<LocaleChangeResult>
  /** The tenant's locales by position, disabled ones included; empty for an unknown tenant. */
  list(tenantId: string): Promise<readonly TenantLocale[]>
  /** The tenant's fallback rules over its enabled locales, for `resolveTranslation`. */
  fallbackChain(tenantId: string): Promise<FallbackChain | undefined>
}

const AddLocaleSchema = v.object({
  locale: LocaleCodeSchema,
  fallback: v.optional(v.nullable(LocaleCodeSchema), null),
  position: v.optional(v.pipe(v.number(), v.safeInteger('must be an integer'))),
})

const SetFallbackSchema = v.object({
  locale: LocaleCodeSchema,
  fallback: v.nullable(LocaleCodeSchema),
})

type Db = Kysely<TenantTables>
type Work = (trx: Db, tenant: { id: string; defaultLocale: string }) => Promise<LocaleChangeResult>

function parseLocale(raw: string): string {
  const parsed = v.safeParse(LocaleCodeSchema, raw)
  if (!parsed.success) throw invalidInput('locale', parsed.issues)
  return parsed.output
}

/**
 * Creates the tenant locale service. Every change locks the tenant row and commits with its event.
 * Fallbacks must name an enabled locale; cycles are harmless because `resolveTranslation` stops
 * at a locale it has seen.
 *
 * @example
 * ```ts
 * const locales = createTenantLocales({ db, events: outbox, onTenantChanged: (id) => tenantCache.invalidateById(id) })
 * await locales.addLocale(tenant.id, { locale: 'pt-BR', fallback: 'en' })
 * const chain = await locales.fallbackChain(tenant.id)
 * ```
 */
export function createTenantLocales({
  db: anyDb,
  events,
  now = () => new Date(),
  onTenantChanged,
}: TenantLocalesOptions): TenantLocales {
  const db = anyDb as Db

  const inTenant = async (tenantId: string, work: Work): Promise<LocaleChangeResult> => {
    const uuid = validateUuid(tenantId)
    const missing: LocaleChangeResult = {
      ok: false,
      reason: 'TENANT_NOT_FOUND',
      message: `Tenant ${tenantId} not found`,
    }
    if (!uuid.ok) return missing
    return transactionWithEvents(db, events, async (trx) => {
      const row = await trx
        .selectFrom('tenants')
        .select(['id', 'default_locale'])
        .where('id', '=', uuid.value)
        .forUpdate()
        .executeTakeFirst()
      return row ? work(trx, { id: row.id, defaultLocale: row.default_locale }) : missing
    })
  }

  const localeRow = (trx: Db, tenantId: string, locale: string) =>
    trx
      .selectFrom('tenant_locales')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('locale', '=', locale)
      .executeTakeFirst()

  const checkFallback = async (
    trx: Db,
    change: {
      readonly tenantId: string
      readonly locale: string
      readonly fallback: string | null
    },
  ): Promise<LocaleChangeResult | undefined> => {
    const { tenantId, locale, fallback } = change
    if (fallback === null) return undefined
    const target = fallback === locale ? undefined : await localeRow(trx, tenantId, fallback)
    if (target?.enabled) return undefined
    const message = `Fallback ${fallback} is not an enabled locale of this tenant`
    return { ok: false, reason: 'UNKNOWN_FALLBACK', message }
  }

  const list = async (tenantId: string): Promise<readonly TenantLocale[]> => {
    const uuid = validateUuid(tenantId)
    if (!uuid.ok) return []
    const rows = await db
      .selectFrom('tenant_locales')
      .innerJoin('tenants', 'tenants.id', 'tenant_locales.tenant_id')
      .select(['locale', 'fallback', 'enabled', 'position', 'tenants.default_locale'])
      .where('tenant_locales.tenant_id', '=', uuid.value)
      .orderBy('position')
      .orderBy('locale')
      .execute()
    return rows.map((row) => ({
      locale: row.locale,
      fallback: row.fallback,
      enabled: row.enabled,
      position: row.position,
      isDefault: row.locale === row.default_locale,
    }))
  }

  return {
    async addLocale(tenantId, input, actor = {}) {
      const parsed = v.safeParse(AddLocaleSchema, input)
      if (!parsed.success) throw invalidInput('locale', parsed.issues)
      const { locale, fallback, position } = parsed.output
      return inTenant(tenantId, async (trx, tenant) => {
        const existing = await localeRow(trx, tenant.id, locale)
        if (existing?.enabled) {
          return {
            ok: false,
            reason: 'ALREADY_ENABLED',
            message: `Locale ${locale} is already enabled`,
          }
        }
        const badFallback = await checkFallback(trx, { tenantId: tenant.id, locale, fallback })
        if (badFallback) return badFallback
        const last = await trx
          .selectFrom('tenant_locales')
          .select((eb) => eb.fn.max('position').as('max'))
          .where('tenant_id', '=', tenant.id)
          .executeTakeFirst()
        const at = position ?? Number(last?.max ?? -1) + 1
        await trx
          .insertInto('tenant_locales')
          .values({ tenant_id: tenant.id, locale, fallback, enabled: true, position: at })
          .onConflict((oc) =>
            oc
              .columns(['tenant_id', 'locale'])
              .doUpdateSet({ fallback, enabled: true, position: at }),
          )
          .execute()
        const context = { ...actor, tenantId: tenant.id }
        const envelope = createEnvelope(localeEnabled, { tenantId: tenant.id, locale }, context, {
          now,
        })
        await events.publishInTx(trx, [envelope])
        return { ok: true, changed: true }
      })
    },

    async disableLocale(tenantId, raw, actor = {}) {
      const locale = parseLocale(raw)
      return inTenant(tenantId, async (trx, tenant) => {
        if (locale === tenant.defaultLocale) {
          return {
            ok: false,
            reason: 'IS_DEFAULT',
            message: 'The default locale cannot be disabled',
          }
        }
        const existing = await localeRow(trx, tenant.id, locale)
        if (!existing)
          return { ok: false, reason: 'UNKNOWN_LOCALE', message: `Unknown locale ${locale}` }
        if (!existing.enabled) return { ok: true, changed: false }
        await trx
          .updateTable('tenant_locales')
          .set({ enabled: false })
          .where('tenant_id', '=', tenant.id)
          .where('locale', '=', locale)
          .execute()
        const context = { ...actor, tenantId: tenant.id }
        const envelope = createEnvelope(localeDisabled, { tenantId: tenant.id, locale }, context, {
          now,
        })
        await events.publishInTx(trx, [envelope])
        return { ok: true, changed: true }
      })
    },

    async setFallback(tenantId, input, actor = {}) {
      const parsed = v.safeParse(SetFallbackSchema, input)
      if (!parsed.success) throw invalidInput('locale fallback', parsed.issues)
      const { locale, fallback } = parsed.output
      return inTenant(tenantId, async (trx, tenant) => {
        const existing = await localeRow(trx, tenant.id, locale)
        if (!existing)
          return { ok: false, reason: 'UNKNOWN_LOCALE', message: `Unknown locale ${locale}` }
        if (existing.fallback === fallback) return { ok: true, changed: false }
        const badFallback = await checkFallback(trx, { tenantId: tenant.id, locale, fallback })
        if (badFallback) return badFallback
        await trx
          .updateTable('tenant_locales')
          .set({ fallback })
          .where('tenant_id', '=', tenant.id)
          .where('locale', '=', locale)
          .execute()
        const context = { ...actor, tenantId: tenant.id }
        const envelope = createEnvelope(tenantUpdated, { tenantId: tenant.id }, context, { now })
        await events.publishInTx(trx, [envelope])
        return { ok: true, changed: true }
      })
    },

    async setDefault(tenantId, raw, actor = {}) {
      const locale = parseLocale(raw)
      const result = await inTenant(tenantId, async (trx, tenant) => {
        if (locale === tenant.defaultLocale) return { ok: true, changed: false }
        const existing = await localeRow(trx, tenant.id, locale)
        if (!existing?.enabled) {
          return { ok: false, reason: 'UNKNOWN_LOCALE', message: `Locale ${locale} is not enabled` }
        }
        await trx
          .updateTable('tenants')
          .set({ default_locale: locale, updated_at: now() })
          .where('id', '=', tenant.id)
          .execute()
        const context = { ...actor, tenantId: tenant.id }
        const envelope = createEnvelope(tenantUpdated, { tenantId: tenant.id }, context, { now })
        await events.publishInTx(trx, [envelope])
        return { ok: true, changed: true }
      })
      if (result.ok && result.changed) await onTenantChanged?.(tenantId)
      return result
    },

    list,

    async fallbackChain(tenantId) {
      const locales = await list(tenantId)
      const current = locales.find((locale) => locale.isDefault)
      if (!current) return undefined
      const enabled = locales.filter((locale) => locale.enabled)
      return {
        defaultLocale: current.locale,
        fallbacks: new Map(enabled.map((locale) => [locale.locale, locale.fallback])),
      }
    },
  }
}
