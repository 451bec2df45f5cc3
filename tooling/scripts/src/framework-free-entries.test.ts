import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const recorder = fileURLToPath(new URL('./record-resolutions.mjs', import.meta.url))

/** Every module URL that importing `specifier` (from inside `pkg`) resolves, in a fresh process. */
function modulesLoadedBy(pkg: string, specifier: string): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'rustok-entries-')), 'resolved.txt')
  execFileSync(
    process.execPath,
    [
      '--conditions=@rustok/source',
      '--import',
      'tsx',
      '--import',
      recorder,
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(specifier)})`,
    ],
    { cwd: join(root, 'packages', pkg), env: { ...process.env, RESOLVE_LOG: log }, stdio: 'pipe' },
  )
  return readFileSync(log, 'utf8').split('\n').filter(Boolean)
}

const frameworkModules = (urls: readonly string[]) =>
  urls.filter((url) => /\/node_modules\/hono\/|\/packages\/http\/src\//.test(url))

// The packages that ship a server module from `/http`: their main entry must stay framework-free.
const WITH_HTTP = ['core-auth', 'core-tenant', 'outbox', 'content', 'commerce', 'index']

describe('main entries are framework-free (no Hono, no @rustok/http)', () => {
  it.each(WITH_HTTP)(
    '@rustok/%s loads neither',
    (pkg) => {
      const loaded = modulesLoadedBy(pkg, `@rustok/${pkg}`)
      expect(loaded.some((url) => url.includes(`/packages/${pkg}/src/index.ts`))).toBe(true)
      expect(frameworkModules(loaded)).toEqual([])
    },
    60_000,
  )

  it('sees Hono when it is loaded: the /http subpath does load it', () => {
    const loaded = modulesLoadedBy('core-auth', '@rustok/core-auth/http')
    expect(frameworkModules(loaded).length).toBeGreaterThan(0)
  }, 60_000)
})

describe('the core-events root leaves the schema-lock tooling to its subpath', () => {
  const fileSystem = (urls: readonly string[]) =>
    urls.filter((url) => url === 'node:fs' || url.includes('/schema-lock/'))

  it('@rustok/core-events loads neither node:fs nor the schema-lock files', () => {
    const loaded = modulesLoadedBy('core-events', '@rustok/core-events')
    expect(loaded.some((url) => url.includes('/packages/core-events/src/index.ts'))).toBe(true)
    expect(fileSystem(loaded)).toEqual([])
  }, 60_000)

  it('@rustok/core-events/schema-lock does load them', () => {
    const loaded = modulesLoadedBy('core-events', '@rustok/core-events/schema-lock')
    expect(fileSystem(loaded)).toContain('node:fs')
  }, 60_000)
})
