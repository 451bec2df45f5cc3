import * as v from 'valibot'
import type { Route, RouteResponse } from '../routes/route-definition'
import { objectProperties, type SchemaConverter } from './json-schema'
import type {
  MediaTypeObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
} from './openapi-types'
import type { PathParam } from './openapi-path'
import { declaredProblem, problemResponsesOf } from './problem-responses'

/** `components.parameters` names of the headers the chain reads. */
export const TENANT_HEADER = 'TenantHeader'
export const IDEMPOTENCY_KEY = 'IdempotencyKey'
export const BEARER_AUTH = 'bearerAuth'

const parameterRef = (name: string): ReferenceObject => ({
  $ref: `#/components/parameters/${name}`,
})

function pathParameters(
  route: Route,
  params: readonly PathParam[],
  converter: SchemaConverter,
): ParameterObject[] {
  const declared = route.request.params
    ? objectProperties(converter.convert(route.request.params, 'input'))?.properties
    : undefined
  return params.map(({ name, pattern }) => {
    const schema = declared?.[name] ?? { type: 'string' }
    const { description } = schema
    return {
      name,
      in: 'path',
      required: true,
      ...(description === undefined ? {} : { description }),
      schema: pattern && schema.pattern === undefined ? { ...schema, pattern } : schema,
    }
  })
}

function queryParameters(route: Route, converter: SchemaConverter): ParameterObject[] {
  if (!route.request.query) return []
  const schema = converter.convert(route.request.query, 'input')
  const object = objectProperties(schema)
  // A query that is not a plain object (a union, say) is one form-encoded object parameter.
  if (!object) return [{ name: 'query', in: 'query', schema, style: 'form', explode: true }]
  return Object.entries(object.properties).map(([name, property]) => {
    const { description } = property
    return {
      name,
      in: 'query',
      required: object.required.includes(name),
      ...(description === undefined ? {} : { description }),
      schema: property,
    }
  })
}

function requestBody(route: Route, converter: SchemaConverter): RequestBodyObject | undefined {
  const { streamedBody } = route
  if (streamedBody) {
    const { contentType, schema, description } = streamedBody
    return {
      required: true,
      ...(description === undefined ? {} : { description }),
      content: { [contentType]: schema ? { schema: converter.convert(schema, 'input') } : {} },
    }
  }
  const { body } = route.request
  if (!body) return undefined
  return {
    // A body schema that accepts `undefined` makes the body optional (an empty request body).
    required: !v.safeParse(body, undefined).success,
    content: { 'application/json': { schema: converter.convert(body, 'input') } },
  }
}

function response(
  status: number,
  declared: RouteResponse,
  converter: SchemaConverter,
): ResponseObject {
  const { description, schema, contentType } = declared
  // An error a route names itself (a public sign-in's 401, say) is problem details too.
  if (status >= 400 && !schema && !contentType) return declaredProblem(description)
  if (!schema && !contentType) return { description }
  const media: MediaTypeObject = schema ? { schema: converter.convert(schema, 'output') } : {}
  const types =
    typeof contentType === 'string' ? [contentType] : (contentType ?? ['application/json'])
  return { description, content: Object.fromEntries(types.map((type) => [type, media])) }
}

/**
 * The OpenAPI operation of one route: its parameters (path, query, the tenant header, the
 * `Idempotency-Key` header), body, documented responses plus the problem responses its chain can
 * give, and its security and permission.
 */
export function routeOperation(
  route: Route,
  params: readonly PathParam[],
  converter: SchemaConverter,
): OperationObject {
  const parameters: (ParameterObject | ReferenceObject)[] = [
    ...pathParameters(route, params, converter),
    ...queryParameters(route, converter),
    ...(route.tenant === 'required' ? [parameterRef(TENANT_HEADER)] : []),
    ...(route.idempotent ? [parameterRef(IDEMPOTENCY_KEY)] : []),
  ]
  const body = requestBody(route, converter)
  const responses: Record<string, ResponseObject | ReferenceObject> = {}
  for (const [status, declared] of Object.entries(route.responses)) {
    responses[status] = response(Number(status), declared, converter)
  }
  Object.assign(responses, problemResponsesOf(route, params.length))
  const { access } = route
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: route.tags,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    // A public operation says so (`security: []`) rather than leaving it unsaid.
    security: access.kind === 'public' ? [] : [{ [BEARER_AUTH]: [] }],
    ...(access.kind === 'permission' ? { 'x-required-permission': access.permission } : {}),
    ...(route.module === undefined ? {} : { 'x-module': route.module }),
  }
}
