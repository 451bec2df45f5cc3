import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const serverDir = fileURLToPath(new URL('..', import.meta.url))

interface Started {
  readonly child: ChildProcess
  readonly url: string
  readonly output: () => string
}

// Starts `src/main.ts` exactly as `pnpm start` does, on PGlite in a temporary data folder.
async function startServer(dataDir: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--conditions=@rustok/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: serverDir,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = output.split('\n').find((entry) => entry.includes('"msg":"listening"'))
      if (line) {
        clearInterval(timer)
        resolve((JSON.parse(line) as { url: string }).url)
      }
    }, 50)
    child.once('exit', (code) => {
      clearInterval(timer)
      reject(new Error(`server exited with ${code} before listening:\n${output}`))
    })
  })
  return { child, url, output: () => output }
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

describe('pnpm start (placeholder server)', () => {
  const folders: string[] = []
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
  })

  it('refuses to start on a bad setting, naming it', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@rustok/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: serverDir,
        env: { ...process.env, PORT: '99999', DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    expect(await exitCode(child)).toBe(1)
    expect(output).toContain('start failed')
    expect(output).toContain('PORT=\\"99999\\"')
  }, 60_000)

  it('serves /health/live on PGlite, then stops with exit code 0 on SIGTERM, and restarts on the same data', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'rustok-server-')), 'pglite')
    folders.push(dataDir)

    const first = await startServer(dataDir)
    const response = await fetch(`${first.url}/health/live`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })

    const exited = exitCode(first.child)
    first.child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(first.output()).toContain('"msg":"stopped"')

    // The data folder persists: a second start reopens it (and SIGINT works too).
    const second = await startServer(dataDir)
    expect((await fetch(`${second.url}/health/live`)).status).toBe(200)
    const secondExit = exitCode(second.child)
    second.child.kill('SIGINT')
    expect(await secondExit).toBe(0)
  }, 90_000)
})
