import type { Context, MiddlewareHandler } from 'hono'
import * as v from 'valibot'
import { problemResponse } from '../errors/problem'
import { requestValidationError } from '../errors/request-validation-error'
import type { AppEnv } from './app-env'
import type { Route, RouteInput } from './route-definition'

const isJson = (contentType: string | undefined): boolean =>
  contentType !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(contentType)

async function readBody(c: Context<AppEnv>): Promise<{ ok: true; value: unknown } | Response> {
  const text = await c.req.text()
  if (text === '') return { ok: true, value: undefined }
  if (!isJson(c.req.header('content-type'))) {
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

/**
 * Validates the route's params, query and body with its valibot schemas (requirement A5) and keeps
 * the typed result for the handler. Every invalid field of every part is reported at once, as
 * `INVALID_INPUT` with dot paths such as `body.email` and `query.limit`.
 */
export function validateInput(route: Route): MiddlewareHandler<AppEnv> {
  const { body, query, params } = route.request
  return async function validateInput(c, next) {
    const input: { body: unknown; query: unknown; params: unknown } = {
      body: undefined,
      query: undefined,
      params: undefined,
    }
    const issues: { part: 'body' | 'query' | 'params'; issues: v.BaseIssue<unknown>[] }[] = []
    const check = (part: 'body' | 'query' | 'params', schema: v.GenericSchema, value: unknown) => {
      const result = v.safeParse(schema, value)
      if (result.success) input[part] = result.output
      else issues.push({ part, issues: result.issues })
    }
    if (params) check('params', params, c.req.param())
    if (query) check('query', query, c.req.query())
    if (body) {
      const read = await readBody(c)
      if (read instanceof Response) return read
      check('body', body, read.value)
    }
    if (issues.length > 0) {
      const errors = issues.flatMap(
        ({ part, issues: list }) => requestValidationError(part, list).errors,
      )
      return problemResponse(c, { code: 'INVALID_INPUT', errors })
    }
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
