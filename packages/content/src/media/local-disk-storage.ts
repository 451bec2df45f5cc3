import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { assertStorageKey, type MediaStorage } from './media-storage'

/**
 * The local disk driver: `<root>/<tenantId>/<mediaId>`. A file is written under a temporary name
 * beside its final one and renamed when complete, so a failed or cut-off upload never leaves
 * bytes readable under its key (and a crash leaves only `*.part-*` files for a sweep).
 *
 * @example
 * ```ts
 * const storage = createLocalDiskStorage({ root: '/var/lib/rustok/media' })
 * ```
 */
export function createLocalDiskStorage(options: { readonly root: string }): MediaStorage {
  const root = resolve(options.root)
  const pathOf = (key: string): string => join(root, ...assertStorageKey(key))
  return {
    driver: 'local',
    async put(key, body) {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      const part = `${path}.part-${randomUUID()}`
      try {
        // `wx`: never write through a file (or a planted link) that already has this name.
        await pipeline(body, createWriteStream(part, { flags: 'wx', mode: 0o640 }))
        await rename(part, path)
      } catch (error) {
        await rm(part, { force: true })
        throw error
      }
    },
    async get(key) {
      try {
        const handle = await open(pathOf(key), 'r')
        return handle.createReadStream()
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true })
    },
  }
}
