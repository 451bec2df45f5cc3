import type { Route } from '../routes/route-definition'
import { openApiPath } from './openapi-path'

type Json = Record<string, unknown>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Resolves a local JSON pointer (`#/components/schemas/X`) in `doc`, or `undefined`. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined
  let node: unknown = doc
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
    if (!isObject(node) && !Array.isArray(node)) return undefined
    if (!Object.hasOwn(node, key)) return undefined
    node = (node as Json)[key]
  }
  return node
}

function walkRefs(node: unknown, at: string, visit: (ref: string, at: string) => void): void {
  if (Array.isArray(node)) node.forEach((item, i) => walkRefs(item, `${at}/${i}`, visit))
  if (!isObject(node)) return
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') visit(value, at)
    else walkRefs(value, `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, visit)
  }
}

const deref = (doc: unknown, node: unknown): unknown =>
  isObject(node) && typeof node.$ref === 'string' ? resolvePointer(doc, node.$ref) : node

function operationProblems(
  doc: Json,
  { path, method, op }: { path: string; method: string; op: Json },
): string[] {
  const where = `${method.toUpperCase()} ${path}`
  const problems: string[] = []
  if (typeof op.operationId !== 'string') problems.push(`${where}: no operationId`)
  const responses = op.responses
  if (!isObject(responses) || Object.keys(responses).length === 0) {
    problems.push(`${where}: no responses`)
  } else {
    for (const [status, response] of Object.entries(responses)) {
      if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${where}: status ${status}`)
      const resolved = deref(doc, response)
      if (!isObject(resolved) || typeof resolved.description !== 'string') {
        problems.push(`${where}: response ${status} has no description`)
      }
    }
  }
  const params = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => deref(doc, p))
  const seen = new Set<string>()
  const pathParams = new Set<string>()
  for (const param of params) {
    if (!isObject(param) || typeof param.name !== 'string' || typeof param.in !== 'string') {
      problems.push(`${where}: a parameter without name or in`)
      continue
    }
    const key = `${param.in}:${param.name.toLowerCase()}`
    if (seen.has(key)) problems.push(`${where}: parameter ${key} twice`)
    seen.add(key)
    if (!isObject(param.schema)) problems.push(`${where}: parameter ${key} has no schema`)
    if (param.in === 'path') {
      pathParams.add(param.name)
      if (param.required !== true) problems.push(`${where}: path parameter ${param.name} optional`)
    }
  }
  const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '')
  for (const name of templated) {
    if (!pathParams.has(name)) problems.push(`${where}: path parameter {${name}} not declared`)
  }
  for (const name of pathParams) {
    if (!templated.includes(name)) problems.push(`${where}: path parameter ${name} not in path`)
  }
  const schemes = isObject(doc.components) ? doc.components.securitySchemes : undefined
  for (const requirement of Array.isArray(op.security) ? op.security : []) {
    for (const name of Object.keys(isObject(requirement) ? requirement : {})) {
      if (!isObject(schemes) || !Object.hasOwn(schemes, name)) {
        problems.push(`${where}: unknown security scheme ${name}`)
      }
    }
  }
  return problems
}

/**
 * Structural checks of an OpenAPI 3.1 document against the routes it must describe: the shape of
 * the root, every route's path and method present with its operationId, operationIds unique,
 * every `$ref` resolving, every path parameter declared (and no other), responses described,
 * security schemes defined. Returns what is wrong; empty when nothing is.
 */
export function openApiContractProblems(doc: unknown, routes: readonly Route[]): string[] {
  if (!isObject(doc)) return ['the document is not an object']
  const problems: string[] = []
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) {
    problems.push(`openapi is ${String(doc.openapi)}, not 3.1.x`)
  }
  const info = doc.info
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') {
    problems.push('info needs a title and a version')
  }
  const paths = isObject(doc.paths) ? doc.paths : {}
  if (!isObject(doc.paths)) problems.push('no paths')
  const operationIds = new Map<string, string>()
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) problems.push(`path ${path} does not start with /`)
    for (const [method, op] of Object.entries(isObject(item) ? item : {})) {
      if (!METHODS.includes(method) || !isObject(op)) continue
      problems.push(...operationProblems(doc, { path, method, op }))
      const id = String(op.operationId)
      const other = operationIds.get(id)
      if (other) problems.push(`operationId ${id} used by ${other} and ${method} ${path}`)
      operationIds.set(id, `${method} ${path}`)
    }
  }
  for (const route of routes) {
    const op = (paths[openApiPath(route.path).path] as Json | undefined)?.[route.method]
    if (!isObject(op)) problems.push(`${route.method} ${route.path} is missing`)
    else if (op.operationId !== route.operationId) {
      problems.push(`${route.method} ${route.path}: operationId ${String(op.operationId)}`)
    }
  }
  walkRefs(doc, '#', (ref, at) => {
    if (resolvePointer(doc, ref) === undefined) problems.push(`${at}: $ref ${ref} does not resolve`)
  })
  return problems
}
