import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { exitCode, ISOLATED_ENV, listeningServer } from './testing/server-process.test-helper'

const serverDir = fileURLToPath(new URL('..', import.meta.url))
const packagesDir = fileURLToPath(new URL('../../../packages', import.meta.url))
const bundle = join(serverDir, 'dist', 'main.js')

/** The newest modification time of the non-test TypeScript sources under `dir`. */
function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (
      !entry.isFile() ||
      !entry.name.endsWith('.ts') ||
      /\.test(-helper|-d)?\.ts$/.test(entry.name)
    )
      continue
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

/** Why the bundle cannot be tested here, if it cannot: missing, or older than a source. */
function staleness(): string | undefined {
  if (!existsSync(bundle)) return 'apps/server/dist/main.js is not built (run pnpm build)'
  const built = statSync(bundle).mtimeMs
  const sources = [
    join(serverDir, 'src'),
    ...readdirSync(packagesDir).map((name) => join(packagesDir, name, 'src')),
  ].filter((dir) => existsSync(dir))
  return sources.some((dir) => newestSource(dir) > built)
    ? 'the build is older than the sources (run pnpm build)'
    : undefined
}

// CI builds before it tests (.ci/run), so there the production command always runs here.
const stale = staleness()
if (stale) console.info(`[built server] skipped: ${stale}`)

describe.skipIf(stale !== undefined)(
  'the production command: node apps/server/dist/main.js',
  () => {
    it('serves the API from the built JavaScript (no tsx) and stops cleanly on SIGTERM', async () => {
      const folder = await mkdtemp(join(tmpdir(), 'rustok-built-'))
      try {
        // From another working directory, as a supervisor may start it.
        const node = spawn(process.execPath, [bundle], {
          cwd: tmpdir(),
          env: {
            ...process.env,
            ...ISOLATED_ENV,
            DATA_DIR: join(folder, 'pglite'),
            JWT_SECRET: '',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
        const server = await listeningServer(node)
        expect((await fetch(`${server.url}/health/live`)).status).toBe(200)
        const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
          info: { version: string }
        }
        expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/)
        expect((await fetch(`${server.url}/docs/assets/swagger-ui.css`)).status).toBe(200)
        const exited = exitCode(node)
        node.kill('SIGTERM')
        expect(await exited).toBe(0)
        expect(server.output()).toContain('"msg":"stopped"')
      } finally {
        await rm(folder, { recursive: true, force: true })
      }
    }, 120_000)
  },
)
