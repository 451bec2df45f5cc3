import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import {
  exitCode,
  ISOLATED_ENV,
  listeningServer,
  startServerProcess,
} from './testing/server-process.test-helper'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))

/** Whether anything still answers at `url` (a server left behind would). */
async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(2_000) })
    return true
  } catch {
    return false
  }
}

/** Kills whatever is left of a process group the test started (cleanup after a failure only). */
function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
  } catch {
    // Nothing left.
  }
}

describe('the documented start command', () => {
  const folders: string[] = []
  const dataDir = async (): Promise<string> => {
    const folder = await mkdtemp(join(tmpdir(), 'rustok-start-'))
    folders.push(folder)
    return join(folder, 'pglite')
  }
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
  })

  it('`pnpm start` stops the server cleanly when only the pnpm process is signalled', async () => {
    // Its own process group, so that a server left behind can be cleaned up; the signal itself
    // goes to the pnpm process alone, as a supervisor that signals only its child sends it.
    const pnpm = spawn('pnpm', ['start'], {
      cwd: repoRoot,
      env: { ...process.env, ...ISOLATED_ENV, DATA_DIR: await dataDir(), JWT_SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    try {
      const server = await listeningServer(pnpm)
      expect(await answers(server.url)).toBe(true)
      const exited = exitCode(pnpm)
      pnpm.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(server.output()).toContain('"msg":"stopped"')
      // Nothing holds the port any more.
      expect(await answers(server.url)).toBe(false)
    } finally {
      killGroup(pnpm)
    }
  }, 120_000)

  it('a second signal during the graceful stop does not cut it short', async () => {
    const server = await startServerProcess({
      DATA_DIR: await dataDir(),
      JWT_SECRET: '',
      SHUTDOWN_TIMEOUT_MS: '3000',
    })
    // A request whose body never finishes keeps the graceful stop waiting (up to its timeout), so
    // the second signal surely arrives while the first one's stop is running.
    const { hostname, port } = new URL(server.url)
    const socket = await new Promise<Socket>((resolve, reject) => {
      const opened = connect({ host: hostname, port: Number(port) }, () => resolve(opened))
      opened.once('error', reject)
    })
    socket.on('error', () => undefined)
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nhost: x\r\nx-tenant-id: demo\r\n' +
        'content-type: application/json\r\ncontent-length: 100\r\n\r\n{"email":',
    )
    try {
      const exited = exitCode(server.child)
      // Ctrl-C reaches the whole process group, and `pnpm start` forwards it too: two signals.
      server.child.kill('SIGINT')
      await expect
        .poll(() => server.output().includes('"msg":"shutting down"'), { timeout: 10_000 })
        .toBe(true)
      server.child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(server.output()).toContain('"msg":"already shutting down"')
      expect(server.output()).toContain('"msg":"stopped"')
    } finally {
      socket.destroy()
    }
  }, 120_000)
})
