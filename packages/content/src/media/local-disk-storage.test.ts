import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { createLocalDiskStorage } from './local-disk-storage'
import { mediaStorageContract } from './media-storage-contract.test-helper'

const roots: string[] = []
afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
})

async function freshRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'rustok-media-'))
  roots.push(root)
  return root
}

describe('local disk storage: the storage contract', () => {
  mediaStorageContract(async () => createLocalDiskStorage({ root: await freshRoot() }))
})

describe('local disk storage', () => {
  it('keeps a file at <root>/<tenantId>/<mediaId> and no temporary file beside it', async () => {
    const root = await freshRoot()
    const storage = createLocalDiskStorage({ root })
    await storage.put('t1/m1', Readable.from([Buffer.from('bytes')]), { contentType: 'image/png' })
    expect(await readFile(join(root, 't1', 'm1'), 'utf8')).toBe('bytes')
    expect(await readdir(join(root, 't1'))).toEqual(['m1'])
    expect(storage.driver).toBe('local')
  })

  it('removes the partial file of a failed upload', async () => {
    const root = await freshRoot()
    const storage = createLocalDiskStorage({ root })
    async function* cut(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(1024, 1)
      await Promise.resolve()
      throw new Error('cut')
    }
    await expect(
      storage.put('t1/m2', Readable.from(cut()), { contentType: 'image/png' }),
    ).rejects.toThrow('cut')
    expect(await readdir(join(root, 't1'))).toEqual([])
  })
})
