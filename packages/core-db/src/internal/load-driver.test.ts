import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDriver, type DriverPackage } from './load-driver'

const run = promisify(execFile)

let folder: string
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'rustok-no-drivers-'))
})
afterAll(() => rm(folder, { recursive: true, force: true }))

/**
 * The error Node itself throws for `import(name)` where `name` is not installed: imported by a
 * child process in an empty folder, so the shape is Node's, not the test runner's resolver's.
 */
async function missingPackageError(name: string): Promise<Error> {
  const script = `import(${JSON.stringify(name)}).catch((e) => process.stdout.write(JSON.stringify({ code: e.code, message: e.message })))`
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: folder,
  })
  const { code, message } = JSON.parse(stdout) as { code: string; message: string }
  return Object.assign(new Error(message), { code })
}

describe('loadDriver', () => {
  it.each<DriverPackage>(['pg', '@electric-sql/pglite'])(
    'says to install %s when it is missing',
    async (name) => {
      const missing = await missingPackageError(name)
      expect(missing).toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' })
      const error: unknown = await loadDriver(name, () => Promise.reject(missing)).catch(
        (reason: unknown) => reason,
      )
      expect(error).toMatchObject({ name: 'CoreDbError', code: 'INVALID_INPUT', cause: missing })
      expect((error as Error).message).toContain(`pnpm add ${name}`)
    },
  )

  it('passes other failures through: a dependency missing inside the driver, a broken module', async () => {
    const inner = await missingPackageError('pg-pool-that-is-not-there')
    await expect(loadDriver('pg', () => Promise.reject(inner))).rejects.toBe(inner)
    const broken = new SyntaxError('Unexpected token')
    await expect(loadDriver('pg', () => Promise.reject(broken))).rejects.toBe(broken)
  })

  it('returns the module when it loads', async () => {
    const module = { Pool: class {} }
    await expect(loadDriver('pg', () => Promise.resolve(module))).resolves.toBe(module)
  })
})
