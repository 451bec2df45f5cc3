export { CoreTenantError, isCoreTenantError } from './core-tenant-error'
export type { CoreTenantErrorCode } from './core-tenant-error'
