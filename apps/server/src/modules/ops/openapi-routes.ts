import { createHash } from 'node:crypto'
import * as v from 'valibot'
import type { Services } from '../../compose/services'
import { defineRoute, PUBLIC, type Route } from '../../http/route-definition'
import { createOpenApiDocument } from '../../openapi/openapi-document'
import { servedRoutes } from '../../openapi/served-routes'
import { serverVersion } from '../../openapi/server-version'

/** The document of every route the app built for `services`. */
export function serverOpenApiDocument(services: Services) {
  const { tenancy } = services.config
  return createOpenApiDocument({
    routes: servedRoutes(services),
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
  })
}

/**
 * `GET /openapi.json` (requirement D3). The document is built on the first request, when every
 * module's routes are known, and then served from memory.
 */
export function openApiRoutes(services: Services): readonly Route[] {
  let cached: { json: string; etag: string } | undefined
  return [
    defineRoute({
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
        if (!cached) {
          const json = JSON.stringify(serverOpenApiDocument(services))
          const digest = createHash('sha256').update(json).digest('base64url').slice(0, 27)
          cached = { json, etag: `"${digest}"` }
        }
        const headers = { ETag: cached.etag, 'Cache-Control': 'no-cache' }
        if (c.req.header('if-none-match') === cached.etag) return c.body(null, 304, headers)
        return c.body(cached.json, 200, {
          ...headers,
          'Content-Type': 'application/json; charset=utf-8',
        })
      },
    }),
  ]
}
