import { readFileSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// hono, @hono/node-server and pino are the server's dependencies, not the root's, so a bench file
// cannot import them by name. They are loaded from apps/server's node_modules, through the same
// ESM entry the server itself gets, so every target runs the same build of Hono.
const serverDir = fileURLToPath(new URL('../../apps/server/', import.meta.url))

type ExportTarget = string | { readonly import?: ExportTarget; readonly default?: ExportTarget }

interface PackageJson {
  readonly main?: string
  readonly exports?: ExportTarget | Readonly<Record<string, ExportTarget>>
}

function esmTarget(target: ExportTarget | undefined): string | undefined {
  if (target === undefined || typeof target === 'string') return target
  return esmTarget(target.import) ?? esmTarget(target.default)
}

function entryOf(manifest: PackageJson): string {
  const { exports } = manifest
  const root = typeof exports === 'object' && '.' in exports ? exports['.'] : exports
  return esmTarget(root) ?? manifest.main ?? 'index.js'
}

/** Imports a dependency of apps/server by package name, e.g. `'@hono/node-server'`. */
export async function importServerDependency<T>(name: string): Promise<T> {
  const dir = realpathSync(join(serverDir, 'node_modules', name))
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson
  return (await import(pathToFileURL(join(dir, entryOf(manifest))).href)) as T
}
