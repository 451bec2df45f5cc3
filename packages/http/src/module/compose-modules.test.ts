import type { AnyKysely } from '@rustok/core-db'
import { Hono } from 'hono'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { mountRoutes } from '../routes/mount-routes'
import { AUTHENTICATED, defineRoute, PUBLIC } from '../routes/route-definition'
import type { AppEnv } from '../routes/app-env'
import { checkModules, composeModules } from './compose-modules'
import { defineServerModule, type OutboxWriter } from './server-module'

// composeModules never touches these: the modules below do not use them.
const db = {} as AnyKysely
const outbox = {} as OutboxWriter
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined }
const options = { db, outbox, logger }

const ping = (operationId: string, access = PUBLIC) =>
  defineRoute({
    method: 'get',
    path: `/api/${operationId}`,
    operationId,
    summary: 'Ping',
    tags: ['test'],
    access,
    tenant: 'none',
    responses: { 200: { description: 'Pong' } },
    handler: (c) => c.json({ ok: true }),
  })

const base = defineServerModule({
  name: 'base',
  description: 'Exports a counter.',
  config: v.optional(v.object({ start: v.optional(v.number(), 7) }), {}),
  setup: (core) => ({ services: { start: core.config.start } }),
})

describe('composeModules', () => {
  it('gives a module the services of a module it depends on, and its own validated config', async () => {
    const user = defineServerModule({
      name: 'user',
      description: 'Uses base.',
      dependsOn: ['base'],
      setup: (core) => ({ services: { seen: core.use(base).start } }),
    })
    const composed = await composeModules([base, user], options)
    expect(composed.services(user)).toEqual({ seen: 7 })
    const configured = await composeModules([base, user], {
      ...options,
      config: { base: { start: 3 } },
    })
    expect(configured.services(user)).toEqual({ seen: 3 })
  })

  it('refuses a module reaching services it does not depend on', async () => {
    const sneaky = defineServerModule({
      name: 'sneaky',
      description: 'Uses base without declaring it.',
      setup: (core) => ({ services: core.use(base) }),
    })
    await expect(composeModules([base, sneaky], options)).rejects.toThrow(
      'Module "sneaky" uses "base" without listing it in dependsOn',
    )
  })

  it("finds an optional partner's services when it is in the app, undefined when it is not", async () => {
    const partner = defineServerModule({
      name: 'partner',
      description: 'Uses base if it is there.',
      setup: (core) => ({
        services: { start: core.find<{ start: number }>('base')?.start ?? null },
      }),
    })
    expect((await composeModules([base, partner], options)).services(partner)).toEqual({
      start: 7,
    })
    expect((await composeModules([partner], options)).services(partner)).toEqual({ start: null })
    // In the app but set up after it: a listing mistake, said plainly.
    await expect(composeModules([partner, base], options)).rejects.toThrow(
      'Module "partner" uses "base", which is not set up before it',
    )
  })

  it('refuses invalid settings with the module and path named', async () => {
    await expect(
      composeModules([base], { ...options, config: { base: { start: 'x' } } }),
    ).rejects.toThrow(/Invalid module config: base\.start/)
  })

  it('checks names and order at start', () => {
    const late = defineServerModule({ name: 'late', description: '', dependsOn: ['base'] })
    expect(() => checkModules([late, base])).toThrow('Module "late" must come after "base"')
    expect(() => checkModules([base, base])).toThrow('Module "base" is registered twice')
    expect(() => checkModules([late])).toThrow('depends on unknown module "base"')
  })

  it('puts the module guard on a toggleable module’s routes, and collects pipeline steps', async () => {
    const toggled = defineServerModule({
      name: 'toggled',
      description: '',
      toggleable: true,
      setup: () => ({ services: undefined, routes: [ping('togglePing')] }),
    })
    const provider = defineServerModule({
      name: 'provider',
      description: '',
      setup: () => ({
        services: undefined,
        pipeline: { requireModule: () => (c, next) => next() },
      }),
    })
    const composed = await composeModules([provider, toggled], options)
    expect(composed.routes.map((route) => route.module)).toEqual(['toggled'])
    expect(composed.pipeline.requireModule).toBeTypeOf('function')
  })

  it('refuses to mount a route whose chain needs a step no module provides', async () => {
    const signedIn = defineServerModule({
      name: 'signed-in',
      description: '',
      setup: () => ({
        services: undefined,
        routes: [
          defineRoute({
            method: 'get',
            path: '/api/me',
            operationId: 'me',
            summary: 'Me',
            tags: ['test'],
            access: AUTHENTICATED,
            responses: { 200: { description: 'Me' } },
            handler: (c) => c.json({ userId: c.var.userId, tenantId: c.var.tenantId }),
          }),
        ],
      }),
    })
    const composed = await composeModules([signedIn], options)
    expect(() => mountRoutes(new Hono<AppEnv>(), composed.routes, composed.pipeline)).toThrow(
      'Route me needs tenant resolution (the tenancy module), which no mounted module provides',
    )
  })
})
