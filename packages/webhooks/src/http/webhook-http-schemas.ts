import { listQuery } from '@rustok/http'
import * as v from 'valibot'

const Uuid = v.pipe(v.string(), v.uuid('Expected a UUID'))
const NullableString = v.nullable(v.string())
const DeliveryStatus = v.picklist(['pending', 'succeeded', 'dead'])

export const IdParams = v.object({ id: Uuid })
export const EndpointIdParams = v.object({ endpointId: Uuid })

export const EndpointSchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  url: v.string(),
  description: NullableString,
  eventTypes: v.array(v.string()),
  enabled: v.boolean(),
  headers: v.record(v.string(), v.string()),
  disabledReason: v.pipe(NullableString, v.description('Why the system disabled the endpoint.')),
  failingSince: NullableString,
  previousSecretExpiresAt: NullableString,
  createdAt: v.string(),
  updatedAt: v.string(),
})

export const EndpointWithSecretSchema = v.object({
  endpoint: EndpointSchema,
  secret: v.pipe(v.string(), v.description('The signing secret (`whsec_…`); shown only now.')),
})

export const DeliverySchema = v.object({
  id: v.pipe(v.string(), v.description('The `webhook-id` of every attempt of this delivery.')),
  endpointId: v.string(),
  eventId: v.string(),
  eventType: v.string(),
  status: DeliveryStatus,
  attempts: v.number(),
  nextAttemptAt: NullableString,
  lastStatus: v.nullable(v.number()),
  lastError: NullableString,
  createdAt: v.string(),
  deliveredAt: NullableString,
})

export const DeliveryDetailSchema = v.object({
  ...DeliverySchema.entries,
  body: v.string(),
  attemptLog: v.array(
    v.object({
      attempt: v.number(),
      attemptedAt: v.string(),
      statusCode: v.nullable(v.number()),
      error: NullableString,
      latencyMs: v.number(),
      responseExcerpt: NullableString,
    }),
  ),
})

export const EndpointListQuery = listQuery({ sort: ['createdAt'], defaultSort: '-createdAt' })

export const DeliveryListQuery = listQuery({
  sort: ['createdAt'],
  defaultSort: '-createdAt',
  filters: { status: v.optional(DeliveryStatus) },
})

const Instant = v.pipe(v.string(), v.isoTimestamp('Expected an ISO 8601 timestamp'))

export const RedeliverFailedBody = v.object({
  from: v.optional(v.pipe(Instant, v.description('Created at or after; default: the beginning.'))),
  to: v.optional(v.pipe(Instant, v.description('Created before; default: now.'))),
})

export const CountSchema = v.object({ redelivered: v.number() })
