import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger, logDestination } from './logger'

const run = promisify(execFile)
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rustok-log-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const linesOf = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean)

describe('logDestination', () => {
  it('keeps lines in memory and writes them together, within flushMs', async () => {
    const file = join(dir, 'out.log')
    const logger = createLogger({
      level: 'info',
      // Long enough that reading the file first cannot lose the race on a loaded machine.
      destination: logDestination({ dest: file, flushMs: 1_000 }),
    })
    for (let n = 0; n < 3; n++) logger.info({ n }, 'request completed')
    // No write system call per line: nothing has reached the file yet.
    expect(await linesOf(file)).toHaveLength(0)
    // The timer flushes them together, without an exit or another line.
    const deadline = Date.now() + 10_000
    let lines = await linesOf(file)
    while (lines.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      lines = await linesOf(file)
    }
    expect(lines.map((line) => (JSON.parse(line) as { n: number }).n)).toEqual([0, 1, 2])
  })

  it('writes every waiting line when the process exits at once', async () => {
    const file = join(dir, 'exit.log')
    const script = join(dir, 'exit.ts')
    const logger = fileURLToPath(new URL('./logger.ts', import.meta.url))
    await writeFile(
      script,
      `import { createLogger, logDestination } from ${JSON.stringify(logger)}
const log = createLogger({ level: 'info', destination: logDestination({ dest: ${JSON.stringify(file)}, flushMs: 60_000 }) })
for (let n = 0; n < 100; n++) log.info({ n }, 'line')
process.exit(0)
`,
    )
    await run(process.execPath, ['--import', 'tsx', script], { timeout: 60_000 })
    expect(await linesOf(file)).toHaveLength(100)
  })
})
