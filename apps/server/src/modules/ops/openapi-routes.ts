import { createHash } from 'node:crypto'
import * as v from 'valibot'
import {
  createOpenApiDocument,
  defineRoute,
  PUBLIC,
  type OpenApiDocument,
  type Route,
} from '@rustok/http'
import type { Services } from '../../compose/services'
import { serverVersion } from '../../openapi/server-version'

/** The document of `routes`, as this server describes itself. */
export function serverOpenApiDocument(
  services: Pick<Services, 'config' | 'modules' | 'errors'>,
  routes: readonly Route[],
): OpenApiDocument {
  const { tenancy } = services.config
  return createOpenApiDocument({
    routes,
    info: {
      title: 'RusToK API',
      version: serverVersion(),
      description:
        'Multi-tenant headless CMS and commerce. Errors are RFC 9457 problem details; lists are ' +
        'keyset pages (`limit`, `cursor`, `sort`); see docs/api-conventions.md.',
    },
    tenantHeader: {
      name: tenancy.headerName,
      required:
        tenancy.modes.every((mode) => mode === 'header') && tenancy.defaultTenant === undefined,
    },
    tags: services.modules.map(({ name, description }) => ({ name, description })),
    errorCodes: services.errors.codes,
  })
}

/**
 * `GET /openapi.json` (requirement D3): the document of `routes` and of this route itself. Every
 * route is known when this is called; the document is built on the first request (it costs start
 * time otherwise) and then served from memory.
 */
export function openApiRoutes(
  services: Pick<Services, 'config' | 'modules' | 'errors'>,
  routes: readonly Route[],
): readonly Route[] {
  const route: Route = defineRoute({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tags: ['ops'],
    access: PUBLIC,
    tenant: 'none',
    responses: {
      200: { description: 'The OpenAPI document', schema: v.record(v.string(), v.unknown()) },
      304: { description: 'Not modified since the `ETag` the client sent' },
    },
    handler: (c) => {
      const { json, etag } = (document ??= build())
      const headers = { ETag: etag, 'Cache-Control': 'no-cache' }
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
      return c.body(json, 200, { ...headers, 'Content-Type': 'application/json; charset=utf-8' })
    },
  })
  let document: { json: string; etag: string } | undefined
  const build = (): { json: string; etag: string } => {
    const json = JSON.stringify(serverOpenApiDocument(services, [...routes, route]))
    const digest = createHash('sha256').update(json).digest('base64url').slice(0, 27)
    return { json, etag: `"${digest}"` }
  }
  return [route]
}
