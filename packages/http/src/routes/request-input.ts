import type { Context, MiddlewareHandler } from 'hono'
import * as v from 'valibot'
import { problemResponse, type FieldError } from '../errors/problem'
import { requestValidationError } from '../errors/request-validation-error'
import { inputShapeErrors } from './input-shape-rules'
import { inputTextErrors } from './input-text-rules'
import type { AppEnv } from './app-env'
import { requestHeader, requestText } from './node-exchange'
import type { Route, RouteInput } from './route-definition'

const isJson = (contentType: string | undefined): boolean =>
  contentType !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(contentType)

async function readBody(c: Context<AppEnv>): Promise<{ ok: true; value: unknown } | Response> {
  const text = await requestText(c)
  if (text === '') return { ok: true, value: undefined }
  if (!isJson(requestHeader(c, 'content-type'))) {
    return problemResponse(c, {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      detail: 'Send the request body as application/json.',
    })
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return problemResponse(c, {
      code: 'BAD_REQUEST',
      detail: 'The request body is not valid JSON.',
    })
  }
}

type Part = 'body' | 'query' | 'params'

/**
 * The rules every input obeys whatever its schema says: no text the database cannot store (U+0000,
 * unpaired surrogates) in any string or key, nesting at most `INPUT_LIMITS.maxDepth` deep, objects
 * where the schema declares objects (never arrays), and free-form fields within their size limit.
 */
function edgeErrors(part: Part, schema: v.GenericSchema, value: unknown): FieldError[] {
  const text = inputTextErrors(value, part)
  return text.length > 0 ? text : inputShapeErrors(schema, value, part)
}

/**
 * Validates the route's params, query and body (requirement A5): first the edge rules that hold
 * for every route (`edgeErrors`), then the route's valibot schemas, keeping the typed result for
 * the handler. Every invalid field of every part is reported at once, as `INVALID_INPUT` with dot
 * paths such as `body.email` and `query.limit`.
 */
export function validateInput(route: Route): MiddlewareHandler<AppEnv> {
  const { body, query, params } = route.request
  return async function validateInput(c, next) {
    const input: { body: unknown; query: unknown; params: unknown } = {
      body: undefined,
      query: undefined,
      params: undefined,
    }
    const errors: FieldError[] = []
    const check = (part: Part, schema: v.GenericSchema, value: unknown) => {
      const refused = edgeErrors(part, schema, value)
      if (refused.length > 0) {
        errors.push(...refused)
        return
      }
      const result = v.safeParse(schema, value)
      if (result.success) input[part] = result.output
      else errors.push(...requestValidationError(part, result.issues).errors)
    }
    if (params) check('params', params, c.req.param())
    if (query) check('query', query, c.req.query())
    if (body) {
      const read = await readBody(c)
      if (read instanceof Response) return read
      check('body', body, read.value)
    }
    if (errors.length > 0) return problemResponse(c, { code: 'INVALID_INPUT', errors })
    c.set('routeInput', input)
    return next()
  }
}

const NO_INPUT: RouteInput<unknown, unknown, unknown> = {
  body: undefined,
  query: undefined,
  params: undefined,
}

/** The input {@link validateInput} checked for this request. */
export function routeInput(c: Context<AppEnv>): RouteInput<unknown, unknown, unknown> {
  // Unset on a route without schemas: validation is not in its chain.
  const input: RouteInput<unknown, unknown, unknown> | undefined = c.get('routeInput')
  return input ?? NO_INPUT
}
