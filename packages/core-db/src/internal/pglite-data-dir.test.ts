import { describe, expect, it } from 'vitest'
import { dataDirFolder } from './pglite-data-dir'

describe('dataDirFolder', () => {
  it('reads a path, or a file:// prefix as PGlite does, as a folder', () => {
    expect(dataDirFolder('.data/pglite')).toBe('.data/pglite')
    expect(dataDirFolder('/var/lib/rustok')).toBe('/var/lib/rustok')
    expect(dataDirFolder('file:///var/lib/rustok')).toBe('/var/lib/rustok')
  })

  it("leaves PGlite's other stores alone", () => {
    for (const dataDir of ['memory://', 'memory://test', 'idb://rustok', 'opfs-ahp://rustok']) {
      expect(dataDirFolder(dataDir)).toBeUndefined()
    }
  })
})
