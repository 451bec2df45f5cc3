import * as v from 'valibot'
import { defineRoute, PUBLIC, type Route } from '@rustok/http'
import { createDocsAssets, DOCS_ASSET_FILES } from './docs-assets'

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>RusToK API reference</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="docs/assets/swagger-ui-bundle.js"></script>
    <script src="docs/assets/docs-init.js"></script>
  </body>
</html>
`

// Everything from this origin: the page works offline, and a stray CDN URL would be blocked.
// Swagger UI sets inline styles, and shows images from data: URLs.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

const docs = { tags: ['ops'], access: PUBLIC, tenant: 'none' } as const

/** `GET /docs`, the API reference (Swagger UI over `/openapi.json`), and its local assets. */
export function docsRoutes(): readonly Route[] {
  const asset = createDocsAssets()
  return [
    defineRoute({
      ...docs,
      method: 'get',
      path: '/docs',
      operationId: 'getApiReference',
      summary: 'The API reference page',
      responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
      handler: (c) =>
        c.html(PAGE, 200, { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache' }),
    }),
    defineRoute({
      ...docs,
      method: 'get',
      path: '/docs/assets/:file',
      operationId: 'getApiReferenceAsset',
      summary: 'A script or style sheet of the API reference page',
      request: { params: v.object({ file: v.picklist(DOCS_ASSET_FILES) }) },
      responses: {
        200: { description: 'The file', contentType: ['text/css', 'text/javascript'] },
        304: { description: 'Not modified since the `ETag` the client sent' },
      },
      handler: async (c, { params }) => {
        const { body, contentType, etag } = await asset(params.file)
        const headers = { ETag: etag, 'Cache-Control': 'no-cache' }
        if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers)
        return c.body(body, 200, { ...headers, 'Content-Type': contentType })
      },
    }),
  ]
}
