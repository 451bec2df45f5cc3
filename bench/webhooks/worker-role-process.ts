import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('./worker-role.ts', import.meta.url))
const root = fileURLToPath(new URL('../..', import.meta.url))

/** Starts bench/webhooks/worker-role.ts on `databaseUrl`; resolves once it runs. */
export async function startWorkerRole(databaseUrl: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@rustok/source', '--import', 'tsx', script],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const exited = once(child, 'exit')
  await new Promise<void>((resolve, reject) => {
    void exited.then(() => reject(new Error('worker role exited before it was ready')))
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve()
    })
  })
  return {
    async stop() {
      child.stdin.end()
      await exited
    },
  }
}
