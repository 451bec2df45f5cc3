// The consumer test: what a user of the published packages gets, outside the workspace.
//
// Packs every published package (`pnpm pack`), installs all the tarballs with npm alone into an
// empty folder in one `npm install` (with the peers a user adds, tsx and TypeScript), then:
// - runs every package's examples/*.ts unchanged with tsx (they are the READMEs' examples);
// - loads every entry point with `import` and with `require` (Node 20.19's require(esm));
// - type-checks the examples and a consumer file importing every entry point under
//   `module: nodenext` and under `moduleResolution: bundler`.
//
// Usage: node tooling/scripts/consumer-test.mjs [--json <report.json>] [--keep] [--no-build]
// The JSON report has vitest's summary fields, so .ci/run adds its counts to the summary line.
import { execFile } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
})
const root = new URL('../..', import.meta.url).pathname
const started = Date.now()
const results = []

/** Runs a command; resolves with its output, rejects with the output on failure or timeout. */
function run(command, argv, { cwd, timeoutMs = 180_000, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      argv,
      { cwd, timeout: timeoutMs, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`.trim()
        if (error)
          reject(
            new Error(
              `${[command, ...argv].join(' ')} failed (${error.code ?? error.signal}):\n${output}`,
            ),
          )
        else resolve(output)
      },
    )
  })
}

async function check(name, body) {
  const t0 = Date.now()
  try {
    const output = await body()
    results.push({ name, ok: true })
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)${output ? `\n${indent(output)}` : ''}`)
  } catch (error) {
    results.push({ name, ok: false })
    console.log(`  ✗ ${name} (${Date.now() - t0} ms)\n${indent(String(error.message ?? error))}`)
  }
}

const indent = (text) =>
  text
    .split('\n')
    .slice(-40)
    .map((line) => `      ${line}`)
    .join('\n')

function finish() {
  const passed = results.filter((r) => r.ok).length
  const failed = results.length - passed
  console.log(
    `\nconsumer test: ${passed} passed, ${failed} failed in ${Math.round((Date.now() - started) / 1000)} s`,
  )
  if (args.json) {
    writeFileSync(
      args.json,
      JSON.stringify({
        numPassedTests: passed,
        numFailedTests: failed,
        numPendingTests: 0,
        numTodoTests: 0,
        success: failed === 0,
        testResults: results,
      }),
    )
  }
  if (!args.keep) rmSync(work, { recursive: true, force: true })
  else console.log(`kept ${work}`)
  process.exit(failed === 0 ? 0 : 1)
}

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir: join(root, 'packages', dir),
    json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }))
  .filter((p) => !p.json.private)

const work = mkdtempSync(join(tmpdir(), 'rustok-consumer-'))
const packs = join(work, 'packs')
const app = join(work, 'app')
mkdirSync(packs)
mkdirSync(app)

console.log(`consumer test in ${work}`)

if (!args['no-build']) {
  await check('build the published packages', () =>
    run('pnpm', ['turbo', 'run', 'build', '--filter=./packages/*', '--output-logs=errors-only'], {
      cwd: root,
      timeoutMs: 600_000,
    }),
  )
}

const tarballs = []
await check('pack every published package (pnpm pack)', async () => {
  const packed = await Promise.all(
    packages.map(async (p) => {
      const out = await run('pnpm', ['pack', '--pack-destination', packs, '--json'], { cwd: p.dir })
      const file = JSON.parse(out).filename
      const listing = await run('tar', ['-tzf', file])
      if (!listing.split('\n').includes('package/LICENSE'))
        throw new Error(`${basename(file)} has no LICENSE`)
      return file
    }),
  )
  tarballs.push(...packed)
  return `${tarballs.length} tarballs, each with a LICENSE`
})
if (tarballs.length !== packages.length) finish()

// The peers a user installs next to the packages, at the ranges the workspace tests with, and the
// tools that run and check the examples.
const extra = ['tsx', 'typescript', '@types/node', '@hono/node-server']
const ranges = new Map()
const rangeSources = [
  ...packages.map((p) => p.json),
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
  JSON.parse(readFileSync(join(root, 'apps/server/package.json'), 'utf8')),
]
for (const json of rangeSources) {
  for (const [name, range] of Object.entries({
    ...json.peerDependencies,
    ...json.devDependencies,
    ...json.dependencies,
  })) {
    if (!name.startsWith('@rustok/') && !range.startsWith('workspace:')) ranges.set(name, range)
  }
}
const peers = new Set(extra)
for (const p of packages)
  for (const name of Object.keys(p.json.peerDependencies ?? {}))
    if (!name.startsWith('@rustok/')) peers.add(name)
const specs = [...peers]
  .sort()
  .map((name) => (ranges.has(name) ? `${name}@${ranges.get(name)}` : name))

writeFileSync(
  join(app, 'package.json'),
  `${JSON.stringify({ name: 'rustok-consumer', private: true, type: 'module' }, null, 2)}\n`,
)
let installed = false
await check(
  `npm install ${tarballs.length} tarballs and ${specs.length} peers and tools, in one install`,
  async () => {
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, ...specs],
      { cwd: app, timeoutMs: 300_000 },
    )
    installed = true
    return specs.join(' ')
  },
)
if (!installed) finish()

// Every example, copied unchanged, run from the folder a user would run it in.
const examples = []
for (const p of packages) {
  const folder = join(p.dir, 'examples')
  let files = []
  try {
    files = readdirSync(folder).filter((f) => f.endsWith('.ts'))
  } catch {
    // a package without examples: the README check reports it
  }
  for (const file of files) {
    const target = join(app, 'examples', basename(p.dir), file)
    mkdirSync(join(app, 'examples', basename(p.dir)), { recursive: true })
    cpSync(join(folder, file), target)
    examples.push({ pkg: p.json.name, file, target })
  }
}

// Two at a time: each starts its own PGlite.
const queue = [...examples]
await Promise.all(
  [0, 1].map(async () => {
    for (let example = queue.shift(); example; example = queue.shift()) {
      await check(`${example.pkg}: examples/${example.file} runs`, () =>
        run(process.execPath, ['--import', 'tsx', example.target], {
          cwd: app,
          env: { ...process.env, DATABASE_URL: '' },
        }),
      )
    }
  }),
)

const entries = []
for (const p of packages) {
  for (const key of Object.keys(p.json.exports ?? {})) {
    if (key !== './package.json')
      entries.push(key === '.' ? p.json.name : `${p.json.name}${key.slice(1)}`)
  }
}
await check(`import every entry point (${entries.length})`, () =>
  run(
    process.execPath,
    ['--input-type=module', '-e', `for (const e of ${JSON.stringify(entries)}) await import(e)`],
    { cwd: app },
  ),
)
await check(`require every entry point (${entries.length})`, () =>
  run(
    process.execPath,
    [
      '--no-warnings',
      '--input-type=commonjs',
      '-e',
      `for (const e of ${JSON.stringify(entries)}) require(e)`,
    ],
    { cwd: app },
  ),
)

// A consumer file importing every entry point, type-checked with the examples.
const consumer = [
  '// Generated by tooling/scripts/consumer-test.mjs: every entry point of every published package.',
  ...entries.map((e, i) => `import * as entry${i} from '${e}'`),
  `export const entries = [${entries.map((_, i) => `entry${i}`).join(', ')}]`,
  '',
].join('\n')
writeFileSync(join(app, 'consumer.ts'), consumer)
// lib dom: @hono/node-server's declarations name fetch types (RequestInfo) that @types/node lacks.
const strict = {
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  target: 'es2023',
  lib: ['es2023', 'dom'],
  types: ['node'],
}
const configs = {
  nodenext: { ...strict, module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { ...strict, module: 'preserve', moduleResolution: 'bundler' },
}
for (const [name, compilerOptions] of Object.entries(configs)) {
  const file = `tsconfig.${name}.json`
  writeFileSync(
    join(app, file),
    JSON.stringify({ compilerOptions, include: ['consumer.ts', 'examples'] }, null, 2),
  )
  await check(`type-check the consumer file and the examples under ${name}`, () =>
    run(join(app, 'node_modules/.bin/tsc'), ['-p', file], { cwd: app, timeoutMs: 300_000 }),
  )
}

// A missing optional driver: with pg moved out of node_modules, createDb on PostgreSQL must throw
// core-db's CoreDbError naming the package to install, not Node's ERR_MODULE_NOT_FOUND.
await check('a missing driver (pg hidden) raises a CoreDbError that names it', async () => {
  const pg = join(app, 'node_modules/pg')
  const hidden = join(app, 'node_modules/.pg-hidden')
  renameSync(pg, hidden)
  try {
    const script = `
      import { createDb } from '@rustok/core-db'
      try {
        await createDb({ driver: 'postgres', url: 'postgres://127.0.0.1:1/none' })
        throw new Error('createDb did not throw')
      } catch (error) {
        if (error.name !== 'CoreDbError' || error.code !== 'INVALID_INPUT' || !error.message.includes('npm install pg')) throw error
        console.log(error.message)
      }`
    return await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app })
  } finally {
    renameSync(hidden, pg)
  }
})

finish()
