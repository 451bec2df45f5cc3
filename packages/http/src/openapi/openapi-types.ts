import type { JsonSchema } from '@valibot/to-json-schema'
import type { HttpMethod } from '../routes/route-definition'

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1). */
export type SchemaObject = JsonSchema

/** A `$ref` to another part of the document, e.g. `#/components/parameters/TenantHeader`. */
export interface ReferenceObject {
  readonly $ref: string
}

export interface ParameterObject {
  readonly name: string
  readonly in: 'path' | 'query' | 'header'
  readonly required?: boolean
  readonly description?: string
  readonly schema: SchemaObject
  readonly style?: 'form' | 'simple'
  readonly explode?: boolean
}

export interface MediaTypeObject {
  readonly schema?: SchemaObject | ReferenceObject
}

export interface HeaderObject {
  readonly description?: string
  readonly schema: SchemaObject
}

export interface ResponseObject {
  readonly description: string
  readonly headers?: Readonly<Record<string, HeaderObject>>
  readonly content?: Readonly<Record<string, MediaTypeObject>>
}

export interface RequestBodyObject {
  readonly required: boolean
  readonly description?: string
  readonly content: Readonly<Record<string, MediaTypeObject>>
}

/** One operation; the `x-` members are this API's extensions. */
export interface OperationObject {
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tags: readonly string[]
  readonly parameters?: readonly (ParameterObject | ReferenceObject)[]
  readonly requestBody?: RequestBodyObject
  readonly responses: Readonly<Record<string, ResponseObject | ReferenceObject>>
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[]
  /** The RBAC permission the caller's role must hold, e.g. `users:list`. */
  readonly 'x-required-permission'?: string
  /** The module the tenant must have enabled; otherwise the route answers 404. */
  readonly 'x-module'?: string
}

export type PathItemObject = Partial<Record<HttpMethod, OperationObject>>

export interface TagObject {
  readonly name: string
  readonly description?: string
}

export interface SecuritySchemeObject {
  readonly type: 'http'
  readonly scheme: 'bearer'
  readonly bearerFormat?: string
  readonly description?: string
}

export interface ComponentsObject {
  readonly schemas: Record<string, SchemaObject>
  readonly parameters: Readonly<Record<string, ParameterObject>>
  readonly responses: Readonly<Record<string, ResponseObject>>
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeObject>>
}

/** Where the API is served; a relative `url` is relative to the document's own location. */
export interface ServerObject {
  readonly url: string
  readonly description?: string
}

/** An OpenAPI 3.1 document, as far as this server writes one. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0'
  readonly info: {
    readonly title: string
    readonly version: string
    readonly description?: string
  }
  readonly servers: readonly ServerObject[]
  readonly tags: readonly TagObject[]
  readonly paths: Readonly<Record<string, PathItemObject>>
  readonly components: ComponentsObject
}
