export { CoreTenantError, isCoreTenantError } from './core-tenant-error'
export type {
  CoreTenantErrorCode,
  CoreTenantErrorOptions,
  CoreTenantIssue,
} from './core-tenant-error'
export type { ChangeActor, EventWriter } from './event-writer'
export { localeDisabled, localeEnabled } from './events/locale-events'
export type { LocalePayload } from './events/locale-events'
export { moduleDisabled, moduleEnabled } from './events/module-events'
export type { ModulePayload } from './events/module-events'
export { tenantCreated, tenantDisabled, tenantUpdated } from './events/tenant-events'
export type { TenantPayload } from './events/tenant-events'
export { LocaleCodeSchema, normaliseLocale } from './locale-code'
export { createModuleGuard } from './module-guard'
export type { ModuleGuard, ModuleGuardResult } from './module-guard'
export { createModuleRegistry } from './module-registry'
export type { ModuleDefinition, ModuleHookContext, ModuleRegistry } from './module-registry'
export { requestHost } from './request-host'
export type { HeaderSource, TenantRequest } from './request-host'
export { resolveTranslation, translationCandidates } from './resolve-translation'
export type { FallbackChain, ResolvedTranslation, TranslationMatch } from './resolve-translation'
export type { Tenant, TenantLookup } from './tenant'
export { createTenantCache, tenantCacheInvalidationKeys, tenantCacheKey } from './tenant-cache'
export type {
  TenantCache,
  TenantCacheLoadOptions,
  TenantCacheOptions,
  TenantCachePort,
} from './tenant-cache'
export {
  classifyIdentifier,
  isMachineHost,
  RESERVED_SLUGS,
  validateHost,
  validateSlug,
  validateUuid,
} from './tenant-identifier'
export type {
  IdentifierError,
  IdentifierErrorReason,
  IdentifierKind,
  IdentifierResult,
  TenantIdentifier,
} from './tenant-identifier'
export { CreateTenantInputSchema, TenantPatchSchema } from './tenant-input'
export type { CreateTenantInput, NewTenant, TenantPatch } from './tenant-input'
export type {
  TenantListCursor,
  TenantListPage,
  TenantListQuery,
  TenantSortField,
} from './tenant-list'
export { createTenantLocales } from './tenant-locales'
export type {
  AddLocaleInput,
  LocaleChangeResult,
  SetFallbackInput,
  TenantLocale,
  TenantLocales,
  TenantLocalesOptions,
} from './tenant-locales'
export { tenantMigrations } from './tenant-migrations'
export { createTenantModules } from './tenant-modules'
export type { ModuleChangeResult, TenantModules, TenantModulesOptions } from './tenant-modules'
export { createTenantResolver } from './tenant-resolver'
export type {
  ResolutionMode,
  TenantResolution,
  TenantResolutionFailure,
  TenantResolver,
  TenantResolverOptions,
} from './tenant-resolver'
export { createTenantStore } from './tenant-store'
export type {
  CreateTenantResult,
  TenantChangeResult,
  TenantConflict,
  TenantNotFound,
  TenantStore,
  TenantStoreOptions,
} from './tenant-store'
export type {
  AnyKysely,
  JsonObjectColumn,
  TenantLocalesTable,
  TenantModulesTable,
  TenantsTable,
  TenantTables,
} from './tenant-tables'
export { tenancyEvents } from './tenancy-events'
export type { TenancyEventDefinition, TenancyEventType } from './tenancy-events'
