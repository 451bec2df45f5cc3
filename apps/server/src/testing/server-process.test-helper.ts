import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const serverDir = fileURLToPath(new URL('../..', import.meta.url))

/** A server process started as `pnpm start` does. */
export interface ServerProcess {
  readonly child: ChildProcess
  readonly url: string
  readonly output: () => string
}

/** Spawns `src/main.ts` with `env` added to (and overriding) this process's environment. */
export function spawnServer(env: Readonly<Record<string, string>>, args: readonly string[] = []) {
  return spawn(
    process.execPath,
    ['--conditions=@rustok/source', '--import', 'tsx', 'src/main.ts', ...args],
    { cwd: serverDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
}

/**
 * Starts the server on a free port with no NATS or Redis (unless `env` sets them) and resolves
 * once it logs `listening`.
 */
export async function startServerProcess(
  env: Readonly<Record<string, string>>,
  args: readonly string[] = [],
): Promise<ServerProcess> {
  const child = spawnServer({ ...ISOLATED_ENV, ...env }, args)
  return listeningServer(child)
}

/**
 * A test server's environment before the test's own: a free port on loopback, and none of the
 * services (PostgreSQL, NATS, Redis) or settings of the environment the tests run in.
 */
export const ISOLATED_ENV: Readonly<Record<string, string>> = {
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_URL: '',
  NATS_URL: '',
  REDIS_URL: '',
}

/** Resolves once `child` (a server, however started) logs `listening`; rejects if it exits first. */
export async function listeningServer(child: ChildProcess): Promise<ServerProcess> {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
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

/** Resolves with the process's exit code. */
export function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}
