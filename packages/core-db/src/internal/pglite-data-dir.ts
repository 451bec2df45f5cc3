import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

/**
 * The folder a PGlite `dataDir` names on disk, or `undefined` for PGlite's other stores
 * (`memory://`, `idb://`, `opfs-ahp://` …). PGlite reads `file://` as a plain path prefix.
 */
export function dataDirFolder(dataDir: string): string | undefined {
  if (dataDir.startsWith('file://')) return dataDir.slice('file://'.length)
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir) ? undefined : dataDir
}

/** Creates the parent folders of a data folder: PGlite creates the folder itself, not its parents. */
export async function createParentFolders(dataDir: string): Promise<void> {
  const folder = dataDirFolder(dataDir)
  if (folder !== undefined) await mkdir(dirname(resolve(folder)), { recursive: true })
}
