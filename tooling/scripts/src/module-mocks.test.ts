import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { moduleMocks } from '../../../vitest.config'

const root = fileURLToPath(new URL('../../../', import.meta.url))

/** Every test file under `<group>/<package>/src`, as a path from the repository's root. */
function testFiles(): string[] {
  const files: string[] = []
  for (const group of ['packages', 'apps', 'tooling']) {
    for (const pkg of readdirSync(join(root, group), { withFileTypes: true })) {
      if (!pkg.isDirectory()) continue
      const src = join(group, pkg.name, 'src')
      let entries: string[]
      try {
        entries = readdirSync(join(root, src), { recursive: true, encoding: 'utf8' })
      } catch {
        continue
      }
      for (const entry of entries)
        if (entry.endsWith('.test.ts') && !entry.includes('node_modules'))
          files.push(join(src, entry).split('\\').join('/'))
    }
  }
  return files
}

// `vi.mock` hoisted above the imports only replaces a module the file imports after it: in a
// project whose files share one module graph (ADR 0039) the module may already be loaded.
const usesModuleMocks = (text: string): boolean => /\bvi\s*\.\s*(mock|doMock)\s*\(/.test(text)

describe('module mocks run in a module graph of their own', () => {
  it('lists every test file that uses vi.mock in the unit-mocks project, and only those', () => {
    const mocking = testFiles().filter((file) =>
      usesModuleMocks(readFileSync(join(root, file), 'utf8')),
    )
    expect(mocking.length).toBeGreaterThan(0)
    expect([...mocking].sort()).toEqual([...moduleMocks].sort())
  })
})
