// `pnpm start`: the server from its TypeScript sources, without a TypeScript loader at run time.
// The server's and the packages' sources (the `@rustok/source` condition, as with tsx) are bundled
// with esbuild into one ES module, kept in apps/server/node_modules/.cache/rustok-start/ and built
// again only when a file it was built from, a package.json, the lockfile or this script is newer. Loading
// one module instead of about a thousand through tsx's loader thread is most of a warm start
// (`pnpm bench:http`: 7.6 s to the first 200 through tsx, 2.2–4.4 s from the bundle, load ~8 on
// 2 shared cores). The bundle runs in this process, so signals reach the server as before. If it
// cannot be built, the sources run through tsx as before, after a warning.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))
const serverDir = join(root, 'apps', 'server')
const packagesDir = join(root, 'packages')
const cacheDir = join(serverDir, 'node_modules', '.cache', 'rustok-start')
const bundle = join(cacheDir, 'main.mjs')
const entry = join(serverDir, 'src', 'main.ts')

// Left out of the bundle, imported from where they are installed: PGlite finds its WebAssembly and
// data files next to its own module, and argon2 loads a native addon. `pg-native` is optional and
// not installed; pg asks for it only when told to.
const EXTERNAL = ['@electric-sql/pglite', '@node-rs/argon2']
const OPTIONAL = ['pg-native']

const inputsFile = join(cacheDir, 'inputs.json')

/** The package.json files, the lockfile and this script: what changes resolution or the build. */
function buildFiles() {
  const packageJsons = readdirSync(packagesDir)
    .map((name) => join(packagesDir, name, 'package.json'))
    .filter((file) => existsSync(file))
  return [
    join(root, 'pnpm-lock.yaml'),
    join(serverDir, 'package.json'),
    fileURLToPath(import.meta.url),
    ...packageJsons,
  ]
}

/**
 * Whether the bundle must be built (again): it is missing, or one of the workspace files it was
 * built from (esbuild's list of inputs), a package.json, the lockfile or this script is newer
 * than it or gone. Files the server does not import (tests, other tools) do not count.
 */
function stale() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return true
  const built = statSync(bundle).mtimeMs
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'))
  return [...inputs, ...buildFiles()].some(
    (file) => !existsSync(file) || statSync(file).mtimeMs > built,
  )
}

/** esbuild, the one tsx (a dependency of the server) runs on. */
async function loadEsbuild() {
  const fromServer = createRequire(join(serverDir, 'package.json'))
  const fromTsx = createRequire(fromServer.resolve('tsx/package.json'))
  return import(pathToFileURL(fromTsx.resolve('esbuild')).href)
}

/** Resolves the external packages at build time, so the bundle imports them by absolute path. */
const externals = {
  name: 'rustok-externals',
  setup(build) {
    const names = EXTERNAL.map((name) => name.replace(/[/@.-]/g, '\\$&')).join('|')
    build.onResolve({ filter: new RegExp(`^(${names})(/.*)?$`) }, async (args) => {
      if (args.pluginData === 'resolving') return undefined
      const found = await build.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: 'resolving',
      })
      if (found.errors.length > 0) return { errors: found.errors }
      return { path: found.path, external: true }
    })
  },
}

/** Builds the bundle, dated when the build started, so a source saved meanwhile is seen. */
async function buildBundle() {
  const started = new Date()
  const esbuild = await loadEsbuild()
  // Built in a folder of its own, then moved: a second `pnpm start` never imports a half-written
  // bundle, and the map keeps the name the bundle's last line gives it.
  const buildDir = join(cacheDir, `build-${process.pid}`)
  mkdirSync(buildDir, { recursive: true })
  const building = join(buildDir, 'main.mjs')
  const { metafile } = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: building,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@rustok/source'],
    external: OPTIONAL,
    plugins: [externals],
    // Beside it, for `node --enable-source-maps`; nothing reads it otherwise.
    sourcemap: 'linked',
    logLevel: 'error',
    metafile: true,
    // Bundled CommonJS packages call require and read __dirname, which an ES module lacks.
    banner: {
      js: [
        "import { createRequire as __startRequire } from 'node:module'",
        "import { fileURLToPath as __startPath } from 'node:url'",
        "import { dirname as __startDirname } from 'node:path'",
        'const require = __startRequire(import.meta.url)',
        'const __filename = __startPath(import.meta.url)',
        'const __dirname = __startDirname(__filename)',
      ].join('\n'),
    },
  })
  // Paths relative to absWorkingDir; namespaced ones (`(disabled):…`) are no files.
  const inputs = Object.keys(metafile.inputs)
    .filter((input) => !input.includes(':'))
    .map((input) => resolve(root, input))
    .filter((input) => !input.includes(`${sep}node_modules${sep}`))
  writeFileSync(inputsFile, JSON.stringify(inputs))
  renameSync(`${building}.map`, `${bundle}.map`)
  renameSync(building, bundle)
  rmSync(buildDir, { recursive: true, force: true })
  utimesSync(bundle, started, started)
}

async function runFromSources(reason) {
  process.stderr.write(`pnpm start: running through tsx (${reason})\n`)
  const fromServer = createRequire(join(serverDir, 'package.json'))
  const { register } = await import(pathToFileURL(fromServer.resolve('tsx/esm/api')).href)
  register()
  await import(pathToFileURL(entry).href)
}

let ready = false
try {
  if (stale()) await buildBundle()
  ready = true
} catch (error) {
  await runFromSources(error instanceof Error ? error.message : String(error))
}
// The server finds its own folder from the module's place (serverDirectory): the bundle sits
// under apps/server, as the sources do.
if (ready) await import(pathToFileURL(bundle).href)
