// The public API of every published package, recorded in packages/<pkg>/api-report.md: each entry
// point (package.json "exports") with every name it exports and its declared signature, read from
// the sources with the TypeScript compiler API (no build needed).
//
// `pnpm api:update` rewrites the reports; `pnpm api:check` (CI) fails when one is stale, so a change
// to a public API shows up in review, where it needs a changeset.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

const root = new URL('../..', import.meta.url).pathname
const check = process.argv.includes('--check')

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir: join(root, 'packages', dir),
    json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }))
  .filter((p) => !p.json.private)

const entries = []
for (const p of packages) {
  for (const [key, value] of Object.entries(p.json.exports ?? {})) {
    if (typeof value !== 'object' || !value['@rustok/source']) continue
    const specifier = key === '.' ? p.json.name : `${p.json.name}${key.slice(1)}`
    entries.push({ pkg: p, specifier, file: join(p.dir, value['@rustok/source']) })
  }
}

const base = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.base.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
)
const program = ts.createProgram(
  entries.map((e) => e.file),
  { ...base.options, noEmit: true, isolatedDeclarations: false },
)
const checker = program.getTypeChecker()
const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })
const flags =
  ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope

/** A long inferred type (a valibot schema, say) as its size and hash: still changes when it does. */
function bounded(text) {
  if (text.length <= 1500) return text
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
  return `/* inferred type of ${text.length} characters, sha256 ${hash} */ unknown`
}

/** Removes bodies and initialisers, so a declaration prints as its signature. */
function signatureOnly(node) {
  const f = ts.factory
  const visit = (n) => {
    if (ts.isConstructorDeclaration(n))
      return f.updateConstructorDeclaration(n, n.modifiers, n.parameters, undefined)
    if (ts.isMethodDeclaration(n)) {
      return f.updateMethodDeclaration(
        n,
        n.modifiers,
        n.asteriskToken,
        n.name,
        n.questionToken,
        n.typeParameters,
        n.parameters,
        n.type,
        undefined,
      )
    }
    if (ts.isPropertyDeclaration(n) && n.initializer) {
      return f.updatePropertyDeclaration(
        n,
        n.modifiers,
        n.name,
        n.questionToken ?? n.exclamationToken,
        n.type,
        undefined,
      )
    }
    if (ts.isGetAccessorDeclaration(n))
      return f.updateGetAccessorDeclaration(n, n.modifiers, n.name, n.parameters, n.type, undefined)
    return ts.visitEachChild(n, visit, undefined)
  }
  return ts.visitNode(node, visit)
}

function describe(name, symbol) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
  const lines = []
  for (const decl of target.declarations ?? []) {
    const source = decl.getSourceFile()
    if (ts.isFunctionDeclaration(decl)) {
      if (decl.body && (target.declarations ?? []).filter(ts.isFunctionDeclaration).length > 1)
        continue // an overload's implementation
      const signature = checker.getSignatureFromDeclaration(decl)
      lines.push(`function ${name}${bounded(checker.signatureToString(signature, decl, flags))}`)
    } else if (ts.isVariableDeclaration(decl)) {
      const type = decl.type
        ? decl.type.getText(source)
        : checker.typeToString(checker.getTypeOfSymbolAtLocation(target, decl), decl, flags)
      lines.push(`const ${name}: ${bounded(type.replace(/\s+/g, ' '))}`)
    } else if (
      ts.isInterfaceDeclaration(decl) ||
      ts.isTypeAliasDeclaration(decl) ||
      ts.isClassDeclaration(decl) ||
      ts.isEnumDeclaration(decl)
    ) {
      const printed = printer.printNode(ts.EmitHint.Unspecified, signatureOnly(decl), source)
      lines.push(printed.replace(/^export (declare )?/, ''))
    } else {
      lines.push(`${ts.SyntaxKind[decl.kind]} ${name}`)
    }
  }
  return lines.join('\n')
}

const reports = new Map()
for (const entry of entries) {
  const source = program.getSourceFile(entry.file)
  const moduleSymbol = source && checker.getSymbolAtLocation(source)
  if (!moduleSymbol) throw new Error(`cannot read ${entry.file}`)
  const exports = checker
    .getExportsOfModule(moduleSymbol)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const body = exports.map((s) => describe(s.name, s)).join('\n\n')
  const section = `## \`${entry.specifier}\` (${exports.length} exports)\n\n\`\`\`ts\n${body}\n\`\`\`\n`
  const report = reports.get(entry.pkg) ?? []
  report.push(section)
  reports.set(entry.pkg, report)
}

const stale = []
for (const [pkg, sections] of reports) {
  const text = [
    `# API report: ${pkg.json.name}`,
    '',
    'Every entry point of the package and what it exports, with declared signatures. Generated by',
    '`pnpm api:update` (tooling/scripts/api-report.mjs); CI fails when it is stale. A change here is a',
    'change to the public API: it needs a changeset.',
    '',
    ...sections,
  ].join('\n')
  const path = join(pkg.dir, 'api-report.md')
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  if (current === text) continue
  if (check) stale.push(`packages/${pkg.dir.split('/').pop()}/api-report.md`)
  else {
    writeFileSync(path, text)
    console.log(`updated ${path.slice(root.length)}`)
  }
}
if (stale.length > 0) {
  console.error(
    `stale API reports (run pnpm api:update, and add a changeset for the change):\n${stale.join('\n')}`,
  )
  process.exit(1)
}
if (check) console.log(`${reports.size} API reports are current`)
