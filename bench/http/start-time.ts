// Time from `pnpm start` to the first 200 of /health/live, on a data folder the server has
// already used (warm: migrated, keys made), after a first start that warms it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function firstOk(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs
  while (performance.now() < end) {
    if (child.exitCode !== null) throw new Error(`pnpm start exited with ${child.exitCode}`)
    try {
      const response = await fetch(url)
      await response.body?.cancel()
      if (response.status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`no 200 from ${url} in ${timeoutMs} ms`)
}

async function startOnce(dataDir: string): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn('pnpm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    await firstOk(`http://127.0.0.1:${port}/health/live`, child, 120_000)
    return performance.now() - started
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}

/** Milliseconds from `pnpm start` to the first 200: on a new data folder, then on it again (warm). */
export async function measureStartTime(): Promise<{ cold: number; warm: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rustok-start-'))
  try {
    const cold = await startOnce(join(dataDir, 'pglite'))
    const warm = await startOnce(join(dataDir, 'pglite'))
    return { cold, warm }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}
