import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, statSync, utimesSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { exitCode, ISOLATED_ENV, listeningServer } from './testing/server-process.test-helper'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
const serverDir = join(repoRoot, 'apps', 'server')
const bundle = join(serverDir, 'node_modules', '.cache', 'rustok-start', 'main.mjs')
// A source the server imports (the composition root's configuration error).
const source = join(serverDir, 'src', 'config', 'config-error.ts')

describe('`pnpm start` runs a bundle of the sources (tooling/scripts/start-server.mjs)', () => {
  const folders: string[] = []
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
  })

  /** Starts `pnpm start` until it answers, then stops it; the bundle's time after the start. */
  async function startOnce(): Promise<number> {
    const folder = await mkdtemp(join(tmpdir(), 'rustok-bundle-'))
    folders.push(folder)
    const pnpm: ChildProcess = spawn('pnpm', ['start'], {
      cwd: repoRoot,
      env: { ...process.env, ...ISOLATED_ENV, DATA_DIR: join(folder, 'pglite'), JWT_SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    try {
      const server = await listeningServer(pnpm)
      const live = await fetch(`${server.url}/health/live`)
      expect(live.status).toBe(200)
      // It ran from the bundle, not through tsx.
      expect(server.output()).not.toContain('running through tsx')
      const exited = exitCode(pnpm)
      pnpm.kill('SIGTERM')
      expect(await exited).toBe(0)
      return statSync(bundle).mtimeMs
    } finally {
      try {
        if (pnpm.pid !== undefined) process.kill(-pnpm.pid, 'SIGKILL')
      } catch {
        // Nothing left.
      }
    }
  }

  it('builds the bundle again once a source it was built from is newer', async () => {
    const first = await startOnce()
    expect(existsSync(bundle)).toBe(true)
    // Saved now, after the bundle was built (its contents unchanged: only the time matters).
    const saved = new Date()
    expect(saved.getTime()).toBeGreaterThan(first)
    utimesSync(source, saved, saved)
    const second = await startOnce()
    // A bundle built again is dated when its build started: after the source was saved.
    expect(second).toBeGreaterThanOrEqual(saved.getTime())
  }, 240_000)
})
