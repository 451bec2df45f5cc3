import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('./worker-role.ts', import.meta.url))
const root = fileURLToPath(new URL('../..', import.meta.url))

/** The worker role in its own process; `stop` resolves to the CPU milliseconds it spent running. */
export interface WorkerRole {
  stop(): Promise<number>
}

/** Starts bench/webhooks/worker-role.ts on `databaseUrl`; resolves once it runs. */
export async function startWorkerRole(databaseUrl: string): Promise<WorkerRole> {
  const child = spawn(
    process.execPath,
    [
      // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the worker role (not allowed in
      // NODE_OPTIONS).
      ...(process.env.WEBHOOKS_BENCH_WORKER_ARGS ?? '').split(' ').filter(Boolean),
      '--conditions=@rustok/source',
      '--import',
      'tsx',
      script,
    ],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  // `close`, not `exit`: its last line is read by then.
  const exited = once(child, 'close')
  let cpuMs = Number.NaN
  await new Promise<void>((resolve, reject) => {
    void exited.then(() => reject(new Error('worker role exited before it was ready')))
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve()
      if (line.startsWith('cpu ')) cpuMs = Number(line.slice('cpu '.length))
    })
  })
  return {
    async stop() {
      child.stdin.end()
      await exited
      return cpuMs
    },
  }
}

const receiverScript = fileURLToPath(new URL('./receiver-role.ts', import.meta.url))

/** Starts bench/webhooks/receiver-role.ts; resolves with its URL once it listens. */
export async function startReceiverRole(): Promise<{ url: string; stop(): Promise<number> }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@rustok/source', '--import', 'tsx', receiverScript],
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
  )
  // `close`, not `exit`: its last line is read by then.
  const exited = once(child, 'close')
  const lines = createInterface({ input: child.stdout })
  let received = 0
  const url = await new Promise<string>((resolve, reject) => {
    void exited.then(() => reject(new Error('receiver role exited before it was ready')))
    lines.on('line', (line) => {
      if (line.startsWith('url ')) resolve(line.slice('url '.length))
      if (line.startsWith('received ')) received = Number(line.slice('received '.length))
    })
  })
  return {
    url,
    async stop() {
      child.stdin.end()
      await exited
      return received
    },
  }
}
