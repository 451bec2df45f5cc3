import { Hono, type MiddlewareHandler } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from './app-env'
import { mountRoutes, type RoutePipeline } from './mount-routes'
import { AUTHENTICATED, defineRoute, PUBLIC, requires, type RouteAccess } from './route-definition'

function recordingPipeline(steps: string[]): RoutePipeline {
  const step =
    (name: string): MiddlewareHandler<AppEnv> =>
    async (_, next) => {
      steps.push(name)
      await next()
    }
  return {
    resolveTenant: step('tenant'),
    rateLimit: step('rate limit'),
    authenticate: step('authenticate'),
    userRateLimit: step('user rate limit'),
    authorize: (permission) => step(`authorize ${permission}`),
  }
}

function route(access: RouteAccess) {
  return defineRoute({
    method: 'get',
    path: '/thing',
    operationId: 'getThing',
    summary: 'A thing',
    tags: ['test'],
    access,
    responses: { 200: { description: 'The thing' } },
    handler: (c) => c.json({ ok: true }),
  })
}

async function chainOf(access: RouteAccess): Promise<string[]> {
  const steps: string[] = []
  const app = new Hono<AppEnv>()
  mountRoutes(app, [route(access)], recordingPipeline(steps))
  expect((await app.request('/thing')).status).toBe(200)
  return steps
}

describe('routeChain', () => {
  it('limits by address and tenant before authenticating, and by user right after', async () => {
    expect(await chainOf(requires('users:list'))).toEqual([
      'tenant',
      'rate limit',
      'authenticate',
      'user rate limit',
      'authorize users:list',
    ])
    expect(await chainOf(AUTHENTICATED)).toEqual([
      'tenant',
      'rate limit',
      'authenticate',
      'user rate limit',
    ])
  })

  it('limits a public route by address and tenant only', async () => {
    expect(await chainOf(PUBLIC)).toEqual(['tenant', 'rate limit'])
  })
})
