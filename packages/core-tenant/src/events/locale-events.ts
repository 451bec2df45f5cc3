import * as v from 'valibot'
import { defineEvent, nonEmptyText, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'

/** Payload of `locale.enabled` and `locale.disabled`. */
export interface LocalePayload {
  /** The tenant whose locales changed; it is the aggregate. */
  readonly tenantId: string
  /** Locale code, e.g. `en` or `pt-BR`; non-empty, at most 10 UTF-8 bytes. */
  readonly locale: string
}

const LocalePayloadSchema = v.object({ tenantId: nonNilUuid(), locale: nonEmptyText(10) })

/** A tenant enabled a locale (original #38). Aggregate: `tenant` / `tenantId`. */
export const localeEnabled: EventDefinition<'locale.enabled', LocalePayload> = defineEvent({
  type: 'locale.enabled',
  version: 1,
  description: 'A tenant enabled a locale.',
  aggregateType: 'tenant',
  schema: LocalePayloadSchema,
  aggregateId: (payload) => payload.tenantId,
})

/** A tenant disabled a locale (original #39). Aggregate: `tenant` / `tenantId`. */
export const localeDisabled: EventDefinition<'locale.disabled', LocalePayload> = defineEvent({
  type: 'locale.disabled',
  version: 1,
  description: 'A tenant disabled a locale.',
  aggregateType: 'tenant',
  schema: LocalePayloadSchema,
  aggregateId: (payload) => payload.tenantId,
})
