// Keeps each package README's examples identical to the files that the consumer test runs.
//
// In a README, a marker line names the file, and the ```ts block right after it is that file:
//
//   <!-- example: examples/notes.ts -->
//
// `node tooling/scripts/readme-examples.mjs` fails when a block differs from its file, or when a
// file in packages/<pkg>/examples/ is not in the README; with `--write` it copies the files into
// the READMEs instead (`pnpm examples:update`).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname
const write = process.argv.includes('--write')
const marker = /^<!-- example: (\S+) -->\n\n```ts\n([\s\S]*?)\n?```$/gm
const problems = []

for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name)
  const readmePath = join(dir, 'README.md')
  if (!existsSync(readmePath)) continue
  const readme = readFileSync(readmePath, 'utf8')
  const included = new Set()
  const updated = readme.replace(marker, (block, file, code) => {
    included.add(file)
    const path = join(dir, file)
    if (!existsSync(path)) {
      problems.push(`packages/${name}/README.md includes ${file}, which does not exist`)
      return block
    }
    const source = readFileSync(path, 'utf8').trimEnd()
    if (source !== code) {
      if (!write)
        problems.push(`packages/${name}/README.md: the block of ${file} differs from the file`)
      return `<!-- example: ${file} -->\n\n\`\`\`ts\n${source}\n\`\`\``
    }
    return block
  })
  const examples = existsSync(join(dir, 'examples')) ? readdirSync(join(dir, 'examples')) : []
  for (const file of examples.filter((f) => f.endsWith('.ts'))) {
    if (!included.has(`examples/${file}`)) {
      problems.push(
        `packages/${name}/examples/${file} is not in the README (add <!-- example: examples/${file} -->)`,
      )
    }
  }
  if (write && updated !== readme) {
    writeFileSync(readmePath, updated)
    console.log(`updated packages/${name}/README.md`)
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'))
  console.error(
    write ? '' : 'Run `pnpm examples:update` to copy the example files into the READMEs.',
  )
  process.exit(1)
}
if (!write) console.log('README examples match their files')
