import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { createDb, createMigrator, type MigrationModule } from '@rustok/core-db'
import { migrationFingerprint } from './migration-fingerprint'

// The resolved path carries the installed version (pnpm's store path), so an upgrade rebuilds.
const pgliteVersion = createRequire(import.meta.url).resolve('@electric-sql/pglite')

/** Where migrated PGlite templates are cached between runs (one file per migration set). */
export const templateDir: string = join(tmpdir(), 'rustok-test-templates')

/**
 * Returns the dumped data folder of a PGlite database with every migration applied. Built once per
 * migration set and cached on disk; concurrent workers may both build it, and the atomic rename
 * makes the last one win with an identical file.
 */
export function pgliteTemplate(modules: readonly MigrationModule[]): Promise<Blob> {
  const file = join(templateDir, `pglite-${migrationFingerprint(modules, pgliteVersion)}.tar`)
  // Several databases in one test file share one read of the template.
  let template = loaded.get(file)
  if (!template) {
    template = loadOrBuild(file, modules)
    loaded.set(file, template)
    template.catch(() => loaded.delete(file))
  }
  return template
}

const loaded = new Map<string, Promise<Blob>>()

async function loadOrBuild(file: string, modules: readonly MigrationModule[]): Promise<Blob> {
  const cached = await readFile(file).catch(() => undefined)
  if (cached) return new Blob([cached])

  const pglite = await PGlite.create()
  const db = await createDb<unknown>({ driver: 'pglite', pglite })
  try {
    await createMigrator({ db, modules }).up()
    // Flush, so a clone starts from the migrated files instead of replaying the WAL.
    await pglite.exec('checkpoint')
    // Uncompressed: about 40 MB on disk, but a clone loads in ~60% of the time of a gzipped one.
    const blob = await pglite.dumpDataDir('none')
    await mkdir(templateDir, { recursive: true })
    const partial = `${file}.${process.pid}.${Date.now()}.partial`
    await writeFile(partial, Buffer.from(await blob.arrayBuffer()))
    await rename(partial, file)
    return blob
  } finally {
    await db.destroy()
  }
}
