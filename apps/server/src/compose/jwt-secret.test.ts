import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as v from 'valibot'
import { afterEach, describe, expect, it } from 'vitest'
import { isConfigError } from '../config/config-error'
import { ServerConfigSchema, type ServerConfigInput } from '../config/server-config'
import { embeddedJwtSecretFile, resolveJwtSecret } from './jwt-secret'

const folders: string[] = []
async function dataDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'rustok-jwt-'))
  folders.push(folder)
  return join(folder, 'nested', 'pglite')
}
const config = (input: ServerConfigInput) => v.parse(ServerConfigSchema, input)

async function refusal(input: ServerConfigInput): Promise<string> {
  try {
    await resolveJwtSecret(config(input))
  } catch (error) {
    if (isConfigError(error)) return error.message
    throw error
  }
  throw new Error('expected the start to be refused')
}

describe('the access-token key of a process', () => {
  afterEach(async () => {
    await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })))
  })

  it('is the configured JWT_SECRET whenever one is set', async () => {
    const secret = 's'.repeat(40)
    const resolved = await resolveJwtSecret(
      config({ auth: { jwtSecret: secret }, database: { url: 'postgres://127.0.0.1/x' } }),
    )
    expect(resolved).toEqual({ secret, source: 'config' })
  })

  it.each<[string, ServerConfigInput, string]>([
    ['on PostgreSQL', { database: { url: 'postgres://127.0.0.1:5432/rustok' } }, 'PostgreSQL'],
    ['for an API process', { role: 'api' }, 'role is api'],
    ['for a worker process', { role: 'worker' }, 'role is worker'],
  ])('is required %s: the start is refused naming JWT_SECRET', async (_, input, why) => {
    const message = await refusal({
      ...input,
      database: { dataDir: await dataDir(), ...input.database },
    })
    expect(message).toContain('auth.jwtSecret')
    expect(message).toContain('set JWT_SECRET')
    expect(message).toContain(why)
  })

  it('on the embedded database, is generated once, kept with mode 0600 and reused', async () => {
    const dir = await dataDir()
    const first = await resolveJwtSecret(config({ database: { dataDir: dir } }))
    const file = embeddedJwtSecretFile(dir)
    expect(first).toMatchObject({ source: 'generated', file })
    expect(Buffer.byteLength(first.secret)).toBeGreaterThanOrEqual(32)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await readFile(file, 'utf8')).trim()).toBe(first.secret)

    const again = await resolveJwtSecret(config({ database: { dataDir: dir } }))
    expect(again).toEqual({ secret: first.secret, source: 'data-folder', file })
  })

  it('refuses a kept key that is too short rather than signing with it', async () => {
    const dir = await dataDir()
    await resolveJwtSecret(config({ database: { dataDir: dir } }))
    await writeFile(embeddedJwtSecretFile(dir), 'short\n')
    const message = await refusal({ database: { dataDir: dir } })
    expect(message).toContain('shorter than 32 bytes')
  })
})
