import type { Route } from '../routes/route-definition'
import { createSchemaConverter } from './json-schema'
import type {
  ComponentsObject,
  OpenApiDocument,
  PathItemObject,
  ServerObject,
  TagObject,
} from './openapi-types'
import { openApiPath } from './openapi-path'
import { ERROR_CODES } from '../errors/error-codes'
import { namedSchemas, PROBLEM_RESPONSES } from './problem-responses'
import { BEARER_AUTH, IDEMPOTENCY_KEY, routeOperation, TENANT_HEADER } from './route-operation'

/** What {@link createOpenApiDocument} takes. */
export interface OpenApiDocumentOptions {
  readonly routes: readonly Route[]
  readonly info: { readonly title: string; readonly version: string; readonly description?: string }
  /** How requests name their tenant: the header, and whether it is the only way. */
  readonly tenantHeader: { readonly name: string; readonly required: boolean }
  /** Descriptions of the tags (the modules); tags used by routes but not listed get none. */
  readonly tags?: readonly TagObject[]
  /** Every error code the app answers with (its `ErrorCatalog`). Default: the shared codes. */
  readonly errorCodes?: readonly string[]
  /** Where the API is served. Default: the server that serves the document (`/`). */
  readonly servers?: readonly ServerObject[]
}

const SAME_SERVER: readonly ServerObject[] = [
  { url: '/', description: 'The server that serves this document' },
]

function components(tenantHeader: OpenApiDocumentOptions['tenantHeader']) {
  return {
    parameters: {
      [TENANT_HEADER]: {
        name: tenantHeader.name,
        in: 'header',
        required: tenantHeader.required,
        description: tenantHeader.required
          ? 'The tenant: its id or slug.'
          : 'The tenant: its id or slug. May be omitted when the host names the tenant.',
        schema: { type: 'string', minLength: 1 },
      },
      [IDEMPOTENCY_KEY]: {
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description:
          'A unique key per intended change, scoped to the tenant and the caller. A retry with ' +
          'the same key and request replays the stored response (`Idempotent-Replayed: true`); ' +
          'the same key with another request is 422 IDEMPOTENCY_KEY_REUSED; while the first ' +
          'request runs, 409 CONFLICT with `Retry-After`.',
        schema: { type: 'string', pattern: '^[\\x20-\\x7e]{1,255}$' },
      },
    },
    responses: PROBLEM_RESPONSES,
    securitySchemes: {
      [BEARER_AUTH]: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token from sign-in, valid for the tenant the request names.',
      },
    },
  } satisfies Omit<ComponentsObject, 'schemas'>
}

/**
 * Builds the OpenAPI 3.1 document of `routes` (requirement D3): the route definitions' valibot
 * schemas are the one source for validation, types and this document (D2).
 *
 * @example
 * ```ts
 * const doc = createOpenApiDocument({
 *   routes,
 *   info: { title: 'RusToK API', version: '1.0.0' },
 *   tenantHeader: { name: 'x-tenant-id', required: true },
 * })
 * ```
 */
export function createOpenApiDocument(options: OpenApiDocumentOptions): OpenApiDocument {
  const named = namedSchemas(options.errorCodes ?? Object.keys(ERROR_CODES))
  const converter = createSchemaConverter(named)
  for (const schema of Object.values(named)) converter.convert(schema, 'output')
  const paths: Record<string, PathItemObject> = {}
  const used = new Set<string>()
  for (const route of options.routes) {
    const { path, params } = openApiPath(route.path)
    paths[path] = { ...paths[path], [route.method]: routeOperation(route, params, converter) }
    for (const tag of route.tags) used.add(tag)
  }
  const described = new Map((options.tags ?? []).map((tag) => [tag.name, tag]))
  const tags = [...used].sort().map((name) => described.get(name) ?? { name })
  return {
    openapi: '3.1.0',
    info: options.info,
    servers: options.servers ?? SAME_SERVER,
    tags,
    paths,
    components: { schemas: converter.components, ...components(options.tenantHeader) },
  }
}
