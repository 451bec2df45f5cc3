import type { Hono } from 'hono'
import { createResponseChecker, type AppEnv, type Route } from '@rustok/http'

/** A response that does not match its route's declaration. */
export class ResponseConformanceError extends Error {
  override readonly name = 'ResponseConformanceError'
}

/**
 * Checks every response `app` gives against its route's declared responses (and every error
 * against the problem details schema), so each test that calls the app is also a conformance test
 * of the documented API. A response that does not match fails the request with a
 * {@link ResponseConformanceError}: `app.request` rejects, and a socket gets a 500.
 */
export function checkResponses(
  app: Hono<AppEnv>,
  options: { readonly routes: readonly Route[]; readonly errorCodes: readonly string[] },
): void {
  const check = createResponseChecker(options)
  const fetch = app.fetch
  app.fetch = async (request, env, executionCtx) => {
    const response = await fetch(request, env, executionCtx)
    const path = new URL(request.url).pathname
    const problems = await check({ method: request.method, path }, response)
    if (problems.length > 0) {
      throw new ResponseConformanceError(
        `${request.method} ${path} → ${response.status} does not match its declaration: ${problems.join('; ')}`,
      )
    }
    return response
  }
}
