import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  exitCode,
  spawnServer,
  startServerProcess,
  type ServerProcess,
} from './testing/server-process.test-helper'
import { openRawHttp } from './testing/raw-http-connection.test-helper'

const ADMIN_PASSWORD = 'demo-admin-password-for-tests'

// Starts `src/main.ts` exactly as `pnpm start` does, on PGlite in a temporary data folder.
function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess({ DATA_DIR: dataDir, JWT_SECRET: '', DEMO_SEED: '', ...env })
}

function login(url: string, password: string): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tenant-id': 'demo' },
    body: JSON.stringify({ email: 'admin@demo.rustok.dev', password }),
  })
}

async function tempDataDir(folders: string[]): Promise<string> {
  const dataDir = join(await mkdtemp(join(tmpdir(), 'rustok-server-')), 'pglite')
  folders.push(dataDir)
  return dataDir
}

describe('pnpm start (the server process)', () => {
  const folders: string[] = []
  afterAll(async () => {
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })))
  })

  it('refuses to start on a bad setting, naming it', async () => {
    const child = spawnServer({ PORT: '99999', DATABASE_URL: '' })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    expect(await exitCode(child)).toBe(1)
    expect(output).toContain('start failed')
    expect(output).toContain('PORT=\\"99999\\"')
  }, 60_000)

  it.each([
    ['on PostgreSQL', { DATABASE_URL: 'postgres://rustok@127.0.0.1:9/unreachable' }, []],
    ['for a worker process', {}, ['--role', 'worker']],
  ])(
    'refuses to start without JWT_SECRET %s, naming it',
    async (_, env, args) => {
      const dataDir = await tempDataDir(folders)
      const child = spawnServer({ PORT: '0', DATA_DIR: dataDir, JWT_SECRET: '', ...env }, args)
      let output = ''
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
      // Started anyway: it would listen; stop it and fail rather than wait for ever.
      const listening = setInterval(() => {
        if (output.includes('"msg":"listening"')) child.kill('SIGTERM')
      }, 50)
      const code = await exitCode(child)
      clearInterval(listening)
      expect(output).not.toContain('"msg":"listening"')
      expect(code).toBe(1)
      expect(output).toContain('start failed')
      expect(output).toContain('set JWT_SECRET')
    },
    60_000,
  )

  it('seeds the demo tenant and admin once, prints the generated password once, and keeps the data across restarts', async () => {
    const dataDir = await tempDataDir(folders)
    const first = await startServer(dataDir)
    const created = first
      .output()
      .split('\n')
      .find((line) => line.includes('initialAdminPassword'))
    expect(created).toBeDefined()
    const { initialAdminPassword } = JSON.parse(created ?? '{}') as { initialAdminPassword: string }
    expect(first.output()).toContain(`${first.url}/docs`)

    // End to end over a real socket: sign in with the printed password, then call a signed-in route.
    const signedIn = await login(first.url, initialAdminPassword)
    expect(signedIn.status).toBe(200)
    const { accessToken } = (await signedIn.json()) as { accessToken: string }
    const me = await fetch(`${first.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-tenant-id': 'demo' },
    })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ email: 'admin@demo.rustok.dev', role: 'super_admin' })

    const exited = exitCode(first.child)
    first.child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(first.output()).toContain('"msg":"stopped"')

    // The data folder persists: the second start finds the seed and prints no new password.
    const second = await startServer(dataDir)
    expect(second.output()).toContain('"msg":"demo tenant ready"')
    expect(second.output()).not.toContain('initialAdminPassword')
    expect((await login(second.url, initialAdminPassword)).status).toBe(200)
    // The access-token key is kept beside the data (no JWT_SECRET): the first start's token works.
    const meAgain = await fetch(`${second.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${accessToken}`, 'x-tenant-id': 'demo' },
    })
    expect(meAgain.status).toBe(200)
    const secondExit = exitCode(second.child)
    second.child.kill('SIGINT')
    expect(await secondExit).toBe(0)
  }, 120_000)

  it('finishes the requests in flight when SIGTERM arrives, then exits 0', async () => {
    const dataDir = await tempDataDir(folders)
    const server = await startServer(dataDir, { DEMO_ADMIN_PASSWORD: ADMIN_PASSWORD })
    // 30 connections the server has accepted (each answered once): a request sent on them is in
    // the server's hands. (A connection still in the kernel's accept queue at SIGTERM is refused:
    // that is what "stop accepting" means.)
    const connections = await Promise.all(Array.from({ length: 30 }, () => openRawHttp(server.url)))
    for (const connection of connections) {
      expect(await connection.request({ method: 'GET', path: '/health/live' })).toBe(200)
    }
    // Registrations hash with argon2id and PGlite runs one statement at a time: 30 of them take a
    // while. (Thirty sign-ins of one account would meet its login throttle, which reserves each
    // attempt before the password check.)
    let finished = 0
    const requests = connections.map((connection, n) =>
      connection
        .request({
          method: 'POST',
          path: '/api/auth/register',
          headers: { 'content-type': 'application/json', 'x-tenant-id': 'demo' },
          body: JSON.stringify({ email: `in-flight-${n}@demo.test`, password: ADMIN_PASSWORD }),
        })
        .then((status) => {
          finished += 1
          return status
        }),
    )
    await new Promise((resolve) => setTimeout(resolve, 150))
    const finishedBeforeSignal = finished
    const exited = exitCode(server.child)
    server.child.kill('SIGTERM')
    const statuses = await Promise.all(requests)
    for (const connection of connections) connection.close()
    expect(finishedBeforeSignal).toBeLessThan(30)
    expect(statuses).toEqual(Array.from({ length: 30 }, () => 201))
    expect(await exited).toBe(0)
    // Once stopped, nothing answers.
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow()
  }, 120_000)
})
