import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE_NAME = '@rustok/server'
// src/config/x.ts, src/x.ts or dist/main.js: the package folder is a few levels up at most.
const MAX_LEVELS = 8

function packageNameIn(dir: string): string | undefined {
  try {
    const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name?: unknown
    }
    return typeof name === 'string' ? name : undefined
  } catch {
    return undefined
  }
}

/**
 * The server package's folder (`apps/server`), found from this module's location. The same from
 * the TypeScript sources (`src/…`) and from the built bundle (`dist/main.js`), whose files sit
 * at other depths, so paths relative to it (the package.json, the default data folder) hold in
 * both.
 */
export function serverDirectory(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from))
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (packageNameIn(dir) === PACKAGE_NAME) return dir
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new Error(`${PACKAGE_NAME}'s package.json not found above ${fileURLToPath(from)}`)
}
