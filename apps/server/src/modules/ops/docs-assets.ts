import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The files `/docs/assets/:file` serves: all from this machine, none from a CDN. */
export const DOCS_ASSET_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'docs-init.js'] as const

export type DocsAssetFile = (typeof DOCS_ASSET_FILES)[number]

/** One asset, read once and kept in memory. */
export interface DocsAsset {
  readonly body: Uint8Array<ArrayBuffer>
  readonly contentType: string
  /** A strong validator of `body`, for `If-None-Match`. */
  readonly etag: string
}

// Relative URLs, resolved against the page at `/docs`: they keep working behind a path prefix.
const DOCS_INIT = `window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  deepLinking: true,
  displayOperationId: true,
  validatorUrl: null,
})
`

const TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
}

function swaggerUiDir(): string {
  // The package directory, found without loading its index (which requires the 1.7 MB bundle).
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
}

async function read(file: DocsAssetFile): Promise<DocsAsset> {
  const bytes =
    file === 'docs-init.js'
      ? new TextEncoder().encode(DOCS_INIT)
      : await readFile(join(swaggerUiDir(), file))
  // A copy into a plain ArrayBuffer: what a Response body takes.
  const body = new Uint8Array(bytes)
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 27)
  return { body, contentType: TYPES[file.split('.').pop() ?? ''] ?? '', etag: `"${digest}"` }
}

/** Reads each asset on first use, then serves it from memory. */
export function createDocsAssets(): (file: DocsAssetFile) => Promise<DocsAsset> {
  const loaded = new Map<DocsAssetFile, Promise<DocsAsset>>()
  return (file) => {
    let asset = loaded.get(file)
    if (!asset) {
      asset = read(file)
      // A failed read is retried next time rather than remembered.
      asset.catch(() => loaded.delete(file))
      loaded.set(file, asset)
    }
    return asset
  }
}
