import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GcAnswer, GcTime } from './gc-time'
import type { ReadyMessage } from './ready-message'

/** A target server running in its own process, so it never shares the load generator's loop. */
export interface ChildServer extends ReadyMessage {
  readonly url: string
  readonly pid: number
  /** The server's garbage collection so far (a server that calls `answerGcQueries`). */
  gcTime(): Promise<GcTime>
  stop(): Promise<void>
}

/** Options for {@link startChildServer}. */
export interface ChildServerOptions {
  /** The script's file name in bench/http/. */
  readonly script: string
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[]
  /** Extra environment variables (BENCH_ROUTE, DATABASE_URL, …). */
  readonly env?: Readonly<Record<string, string>>
  readonly timeoutMs?: number
  /**
   * The root of another checkout of the repository (its dependencies installed): the script is
   * its bench/http one, run there, so two versions of the code can be loaded side by side.
   */
  readonly checkout?: string
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

/** Starts a bench/http server script and waits for its ready line on stdout. */
export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const { script, nodeFlags = [], env = {}, timeoutMs = 60_000, checkout } = options
  const file =
    checkout === undefined
      ? fileURLToPath(new URL(script, import.meta.url))
      : join(checkout, 'bench', 'http', script)
  const child = spawn(
    process.execPath,
    ['--conditions=@rustok/source', '--import', 'tsx', ...nodeFlags, file],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
      ...(checkout === undefined ? {} : { cwd: checkout }),
    },
  )
  const lines = createInterface({ input: child.stdout })
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script}: not ready in ${timeoutMs} ms`)),
      timeoutMs,
    )
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited with ${code} before it was ready`))
    })
    lines.once('line', (line) => {
      clearTimeout(timer)
      resolve(JSON.parse(line) as ReadyMessage)
    })
  })
  child.removeAllListeners('exit')
  const gcWaiters: ((time: GcTime) => void)[] = []
  lines.on('line', (line) => {
    if (!line.startsWith('{"gc":')) return
    gcWaiters.shift()?.((JSON.parse(line) as GcAnswer).gc)
  })
  return {
    ...ready,
    url: `http://127.0.0.1:${ready.port}${ready.path}`,
    pid: child.pid ?? 0,
    gcTime: () =>
      new Promise<GcTime>((resolve) => {
        gcWaiters.push(resolve)
        child.stdin?.write('gc\n')
      }),
    stop: async () => {
      child.kill('SIGTERM')
      await exited(child)
    },
  }
}
