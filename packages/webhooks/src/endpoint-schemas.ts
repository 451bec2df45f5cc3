import * as v from 'valibot'

const FILTER = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?)$/
// Headers the delivery sets itself, or that would change how the request is carried.
const RESERVED_HEADERS =
  /^(webhook-.*|content-type|content-length|host|connection|transfer-encoding|te|upgrade|expect|keep-alive|proxy-.*|trailer)$/i

/** An event filter: `*`, an exact type (`product.created`) or a prefix (`product.*`). */
export const EventFilterSchema: v.GenericSchema<string> = v.pipe(
  v.string('must be a string'),
  v.regex(
    FILTER,
    'must be *, an event type such as product.created, or a prefix such as product.*',
  ),
)

const HeadersSchema = v.pipe(
  v.record(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be an HTTP header name'),
      v.check(
        (name) => !RESERVED_HEADERS.test(name),
        'is set by the delivery and cannot be overridden',
      ),
    ),
    v.pipe(
      v.string('must be a string'),
      v.maxLength(1000, 'must be at most 1000 characters'),
      v.regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'must not contain control characters'),
    ),
  ),
  v.check((headers) => Object.keys(headers).length <= 20, 'at most 20 headers'),
)

const fields = {
  url: v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.maxLength(2048, 'must be at most 2048 characters'),
  ),
  description: v.nullable(
    v.pipe(v.string(), v.trim(), v.maxLength(500, 'must be at most 500 characters')),
  ),
  eventTypes: v.pipe(
    v.array(EventFilterSchema, 'must be a list of event filters'),
    v.minLength(1, 'must name at least one event type or *'),
    v.maxLength(100, 'at most 100 filters'),
  ),
  enabled: v.boolean('must be true or false'),
  headers: HeadersSchema,
}

/** What {@link CreateEndpointSchema} accepts. */
export interface CreateEndpointInput {
  readonly url: string
  readonly description?: string | null
  readonly eventTypes: readonly string[]
  readonly enabled?: boolean
  readonly headers?: Readonly<Record<string, string>>
}

/** A new endpoint: its URL, what it receives, optional description, headers and flag. */
export const CreateEndpointSchema: v.GenericSchema<
  CreateEndpointInput,
  Required<CreateEndpointInput>
> = v.strictObject({
  url: fields.url,
  description: v.optional(fields.description, null),
  eventTypes: fields.eventTypes,
  enabled: v.optional(fields.enabled, true),
  headers: v.optional(fields.headers, {}),
})

/** What {@link UpdateEndpointSchema} accepts: any subset of an endpoint's settings. */
export type UpdateEndpointInput = Partial<Required<CreateEndpointInput>>

/** A change of an endpoint's settings; enabling a disabled endpoint clears its reason. */
export const UpdateEndpointSchema: v.GenericSchema<UpdateEndpointInput> = v.strictObject({
  url: v.optional(fields.url),
  description: v.optional(fields.description),
  eventTypes: v.optional(fields.eventTypes),
  enabled: v.optional(fields.enabled),
  headers: v.optional(fields.headers),
})
