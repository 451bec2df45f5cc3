import type { EventType } from './define-event'
import { indexUpdated, reindexRequested } from './events/index-events'
import { localeDisabled, localeEnabled } from './events/locale-events'
import { moduleDisabled, moduleEnabled } from './events/module-events'
import { tenantCreated, tenantDisabled, tenantUpdated } from './events/tenant-events'
import { userDeleted, userLoggedIn, userRegistered, userUpdated } from './events/user-events'

/** Any one of the platform event definitions. */
export type PlatformEventDefinition =
  | typeof tenantCreated
  | typeof tenantUpdated
  | typeof tenantDisabled
  | typeof userRegistered
  | typeof userLoggedIn
  | typeof userUpdated
  | typeof userDeleted
  | typeof localeEnabled
  | typeof localeDisabled
  | typeof moduleEnabled
  | typeof moduleDisabled
  | typeof reindexRequested
  | typeof indexUpdated

/**
 * The platform's event definitions (tenants, users, locales, modules, index), to compose into
 * the application catalogue with `createEventCatalog(platformEvents, …)`.
 */
export const platformEvents: readonly PlatformEventDefinition[] = [
  tenantCreated,
  tenantUpdated,
  tenantDisabled,
  userRegistered,
  userLoggedIn,
  userUpdated,
  userDeleted,
  localeEnabled,
  localeDisabled,
  moduleEnabled,
  moduleDisabled,
  reindexRequested,
  indexUpdated,
]

/** The dotted type names of the platform events. */
export type PlatformEventType = EventType<PlatformEventDefinition>
