// Measures what a user gets from each published package: the names its root entry exports, and the
// packages npm installs for its packed tarball (with the tarballs of its @rustok dependencies) in an
// empty folder. Run after `pnpm build`: `node tooling/scripts/package-sizes.mjs`.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'

const root = new URL('../..', import.meta.url).pathname
const packs = mkdtempSync(join(tmpdir(), 'rustok-packs-'))
const pkgs = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir: join(root, 'packages', dir),
    json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }))
  .filter((p) => !p.json.private)

const tarball = new Map()
for (const p of pkgs) {
  const out = execFileSync('pnpm', ['pack', '--pack-destination', packs, '--json'], {
    cwd: p.dir,
    encoding: 'utf8',
  })
  tarball.set(p.json.name, JSON.parse(out).filename)
}

function internalDeps(name, seen = new Set()) {
  const p = pkgs.find((x) => x.json.name === name)
  const peerMeta = p.json.peerDependenciesMeta ?? {}
  const deps = { ...p.json.dependencies }
  for (const peer of Object.keys(p.json.peerDependencies ?? {}))
    if (!peerMeta[peer]?.optional) deps[peer] = ''
  for (const dep of Object.keys(deps)) {
    if (dep.startsWith('@rustok/') && !seen.has(dep)) {
      seen.add(dep)
      internalDeps(dep, seen)
    }
  }
  return seen
}

function countPackages(dir) {
  let n = 0
  const nm = join(dir, 'node_modules')
  if (!existsSync(nm)) return 0
  for (const entry of readdirSync(nm)) {
    if (entry.startsWith('.')) continue
    const names = entry.startsWith('@')
      ? readdirSync(join(nm, entry)).map((e) => join(entry, e))
      : [entry]
    for (const name of names) {
      if (existsSync(join(nm, name, 'package.json'))) n += 1 + countPackages(join(nm, name))
    }
  }
  return n
}

function countExports(dts) {
  const program = ts.createProgram([dts], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    noEmit: true,
  })
  const checker = program.getTypeChecker()
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(dts))
  return symbol ? checker.getExportsOfModule(symbol).length : 0
}

const rows = []
for (const p of pkgs) {
  const name = p.json.name
  const dir = mkdtempSync(join(tmpdir(), 'rustok-size-'))
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n')
  const files = [name, ...internalDeps(name)].map((n) => tarball.get(n))
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], {
    cwd: dir,
    stdio: 'inherit',
  })
  const pkgDir = join(dir, 'node_modules', name)
  const exports = countExports(join(pkgDir, 'dist/index.d.ts'))
  const values = execFileSync(
    'node',
    ['--input-type=module', '-e', `console.log(Object.keys(await import('${name}')).length)`],
    { cwd: dir, encoding: 'utf8' },
  ).trim()
  rows.push({ name, exports, values, installed: countPackages(dir) })
}
console.log(
  '| package | root exports (types and values) | of them values | packages npm installs |',
)
console.log('|---|---:|---:|---:|')
for (const r of rows) console.log(`| ${r.name} | ${r.exports} | ${r.values} | ${r.installed} |`)
