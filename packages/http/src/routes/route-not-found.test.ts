import { Hono, type MiddlewareHandler } from 'hono'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from './app-env'
import { mountRoutes } from './mount-routes'
import { AUTHENTICATED, defineRoute, PUBLIC, type Route } from './route-definition'
import { createRouteMatcher } from './route-matcher'
import { routeNotFound } from './route-not-found'
import { responseHeaders } from './response-headers'

const route = (method: 'get' | 'post' | 'patch', path: string, extra: Partial<Route> = {}) =>
  defineRoute({
    method,
    path,
    operationId: `${method}${path.replaceAll(/\W/g, '')}`,
    summary: 's',
    tags: ['t'],
    access: PUBLIC,
    tenant: 'none',
    request: path.includes(':') ? { params: v.object({ id: v.string() }) } : {},
    responses: { 200: { description: 'ok' } },
    handler: (c) => c.json({ ok: true }),
    ...(extra as object),
  })

const routes = [
  route('get', '/things'),
  route('post', '/things'),
  route('get', '/things/:id'),
  route('patch', '/things/:id'),
  route('post', '/login', { noStore: true }),
  route('get', '/me', { access: AUTHENTICATED, tenant: 'required' }),
]

function app(): Hono<AppEnv> {
  const hono = new Hono<AppEnv>()
  hono.notFound(routeNotFound(routes))
  hono.use(responseHeaders(routes))
  // The signed-in route needs a tenant and authentication: stand-ins that let everyone through.
  const pass: MiddlewareHandler<AppEnv> = (_c, next) => next()
  mountRoutes(hono, routes, { resolveTenant: pass, authenticate: pass })
  hono.get('/raw', () => Response.redirect('http://127.0.0.1/elsewhere', 302))
  return hono
}

describe('createRouteMatcher', () => {
  it("finds a route with Hono's path matching, HEAD as GET, and the methods of a path", () => {
    const matcher = createRouteMatcher(routes)
    expect(matcher.match('patch', '/things/7')?.operationId).toBe('patchthingsid')
    expect(matcher.match('HEAD', '/things')?.operationId).toBe('getthings')
    expect(matcher.match('DELETE', '/things/7')).toBeUndefined()
    expect(matcher.allowed('/things/7')).toEqual(['GET', 'HEAD', 'PATCH'])
    expect(matcher.allowed('/nothing')).toEqual([])
  })
})

describe('routeNotFound', () => {
  it('answers 405 with Allow for a path that has other methods', async () => {
    const res = await app().request('/things/7', { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD, PATCH')
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      detail: 'DELETE is not allowed on /things/7; it answers GET, HEAD, PATCH.',
    })
    const put = await app().request('/login', { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('POST')
  })

  it('answers 404 for a path no route has', async () => {
    const res = await app().request('/nothing', { method: 'DELETE' })
    expect(res.status).toBe(404)
    expect(res.headers.get('allow')).toBeNull()
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('responseHeaders', () => {
  it('sends nosniff on every response, 404s and 405s included', async () => {
    for (const [method, path] of [
      ['GET', '/things'],
      ['GET', '/nothing'],
      ['DELETE', '/things'],
      ['GET', '/raw'],
    ] as const) {
      const res = await app().request(path, { method })
      expect(res.headers.get('x-content-type-options'), `${method} ${path}`).toBe('nosniff')
    }
  })

  it('sends no-store on token routes, private on signed-in routes, nothing on public reads', async () => {
    const cache = async (method: string, path: string) =>
      (await app().request(path, { method })).headers.get('cache-control')
    expect(await cache('POST', '/login')).toBe('no-store')
    expect(await cache('GET', '/me')).toBe('private')
    expect(await cache('HEAD', '/me')).toBe('private')
    expect(await cache('GET', '/things')).toBeNull()
  })
})
