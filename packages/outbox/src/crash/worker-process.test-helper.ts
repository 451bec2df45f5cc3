import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { sql, type Kysely } from 'kysely'

const workerFile = fileURLToPath(new URL('./relay-worker.test-helper.ts', import.meta.url))
// tsx resolves from here (through the workspace root's node_modules), and so do the package's deps.
const packageDir = fileURLToPath(new URL('../..', import.meta.url))

/** Settings of a relay worker process (see relay-worker.test-helper.ts). */
export interface RelayWorkerEnv {
  readonly RELAY_LEASE_MS?: string
  readonly RELAY_BATCH_SIZE?: string
  readonly RELAY_POLL_MS?: string
  readonly RELAY_MAX_LOST_LEASES?: string
  /** `hold`: the handler never finishes, so the worker keeps its batch claimed until killed. */
  readonly RELAY_HANDLER?: 'effect' | 'hold'
  /** The worker SIGKILLs itself when it is handed an event of this aggregate… */
  readonly RELAY_POISON_AGGREGATE?: string
  /** …with this `n` in its payload. */
  readonly RELAY_POISON_N?: string
}

/** A relay worker process: resolves `ready` once its relay runs. */
export interface RelayWorker {
  readonly child: ChildProcess
  /** The worker's `lease_owner`. */
  readonly owner: string
  readonly ready: Promise<void>
  /** Resolves when the process is gone, with the signal that ended it (if any). */
  readonly exited: Promise<NodeJS.Signals | null>
  /** Whether the test killed it (rather than it exiting on its own). */
  readonly killedByTest: boolean
  /** The last few kilobytes of its stderr. */
  stderr(): string
  /** SIGKILLs the process and waits until it is gone. */
  kill(): Promise<void>
}

/**
 * Starts `relay-worker.test-helper.ts` in its own process on `databaseUrl`. `onLine` gets each
 * line it prints after `ready`.
 */
export function startRelayWorker(options: {
  readonly databaseUrl: string
  readonly env?: RelayWorkerEnv
  readonly onLine?: (line: string) => void
}): RelayWorker {
  const child = spawn(
    process.execPath,
    ['--conditions=@rustok/source', '--import', 'tsx', workerFile],
    {
      cwd: packageDir,
      env: { ...process.env, ...options.env, DATABASE_URL: options.databaseUrl },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  )
  let killedByTest = false
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000)
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => {
    child.once('exit', (_code, signal) => resolve(signal))
  })
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`relay worker not ready after 30 s:\n${stderr}`)),
      30_000,
    )
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`relay worker exited before it was ready:\n${stderr}`))
    })
    if (!child.stdout) throw new Error('relay worker has no stdout')
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') {
        clearTimeout(timer)
        resolve()
      } else {
        options.onLine?.(line)
      }
    })
  })
  // Never left unhandled: a worker killed before it was ready rejects `ready` harmlessly.
  ready.catch(() => {})
  return {
    child,
    owner: `crash-worker-${child.pid}`,
    ready,
    exited,
    get killedByTest() {
      return killedByTest
    },
    stderr: () => stderr,
    async kill() {
      killedByTest = true
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** The URL of the database `db` is connected to, on the server of `TEST_DATABASE_URL`. */
export async function urlOf<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db)
  const url = new URL(process.env.TEST_DATABASE_URL ?? '')
  url.pathname = `/${rows[0]?.name ?? ''}`
  return url.toString()
}
