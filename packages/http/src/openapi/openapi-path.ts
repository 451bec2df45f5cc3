/** A path parameter of a route, as its Hono pattern declares it. */
export interface PathParam {
  readonly name: string
  /** The pattern of `:id{[0-9]+}`, anchored. */
  readonly pattern?: string
}

/** A Hono route path in OpenAPI syntax. */
export interface OpenApiPath {
  /** `/api/admin/users/{id}` for `/api/admin/users/:id`. */
  readonly path: string
  readonly params: readonly PathParam[]
}

/** Reads `:name` or `:name{regex}` at `start` (just after the colon); braces may nest. */
function readParam(
  segment: string,
  start: number,
): { param: PathParam; end: number; optional: boolean } {
  let end = start
  while (end < segment.length && /\w/.test(segment[end] ?? '')) end++
  const name = segment.slice(start, end)
  let pattern: string | undefined
  if (segment[end] === '{') {
    let depth = 0
    let close = end
    for (; close < segment.length; close++) {
      if (segment[close] === '{') depth++
      if (segment[close] === '}' && --depth === 0) break
    }
    pattern = `^(?:${segment.slice(end + 1, close)})$`
    end = close + 1
  }
  const optional = segment[end] === '?'
  return {
    param: { name, ...(pattern ? { pattern } : {}) },
    end: optional ? end + 1 : end,
    optional,
  }
}

/**
 * Converts a Hono path to an OpenAPI path template. Wildcards and optional parameters have no
 * OpenAPI form (a path parameter is always required), so a route using them is refused here and
 * the contract test names it; give such a route an explicit parameter instead.
 *
 * @example
 * ```ts
 * openApiPath('/api/users/:id') // { path: '/api/users/{id}', params: [{ name: 'id' }] }
 * ```
 */
export function openApiPath(honoPath: string): OpenApiPath {
  const params: PathParam[] = []
  const segments = honoPath.split('/').map((segment) => {
    if (segment.includes('*'))
      throw new Error(`OpenAPI cannot describe the wildcard in ${honoPath}`)
    if (!segment.startsWith(':')) return segment
    const { param, end, optional } = readParam(segment, 1)
    if (optional || end !== segment.length || param.name === '') {
      throw new Error(`OpenAPI cannot describe the path parameter "${segment}" of ${honoPath}`)
    }
    params.push(param)
    return `{${param.name}}`
  })
  return { path: segments.join('/'), params }
}
