import type { EventType } from '@rustok/core-events'
import { localeDisabled, localeEnabled } from './events/locale-events'
import { moduleDisabled, moduleEnabled } from './events/module-events'
import { tenantCreated, tenantDisabled, tenantUpdated } from './events/tenant-events'

/** Any one of the tenancy event definitions. */
export type TenancyEventDefinition =
  | typeof tenantCreated
  | typeof tenantUpdated
  | typeof tenantDisabled
  | typeof localeEnabled
  | typeof localeDisabled
  | typeof moduleEnabled
  | typeof moduleDisabled

/** The dotted type names of the tenancy events. */
export type TenancyEventType = EventType<TenancyEventDefinition>

/**
 * The events `@rustok/core-tenant` writes (`tenant.*`, `locale.*`, `module.*`), locked in its
 * `events.lock.json`; compose them into the application catalogue with
 * `createEventCatalog(tenancyEvents, …)`.
 */
export const tenancyEvents: readonly TenancyEventDefinition[] = [
  tenantCreated,
  tenantUpdated,
  tenantDisabled,
  localeEnabled,
  localeDisabled,
  moduleEnabled,
  moduleDisabled,
]
