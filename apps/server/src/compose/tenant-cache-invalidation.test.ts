import { createMemoryInvalidationHub, type InvalidationTransport } from '@rustok/core-cache'
import type { AnyKysely } from '@rustok/core-db'
import type { Redis } from 'ioredis'
import { describe, expect, it, vi } from 'vitest'
import { createLogger } from '../observability/logger'
import {
  startTenantCacheInvalidation,
  tenantCacheTransportFor,
  type TenantCacheInvalidationOptions,
} from './tenant-cache-invalidation'
import { createTenantChanges } from '@rustok/core-tenant/http'

const ID = '0b6c7a52-8f3e-4f4b-9a59-1f6a2d1c0e11'
const idKey = (id: string) => `tenant:v1:uuid:${id}`

function setup(hub: InvalidationTransport = createMemoryInvalidationHub()) {
  const tenantChanges = createTenantChanges({
    tenantCache: { invalidateById: () => Promise.resolve() },
    localeCache: { invalidate: () => undefined },
    clearTenants: () => undefined,
  })
  const forget = vi.spyOn(tenantChanges, 'forget')
  const forgetAll = vi.spyOn(tenantChanges, 'forgetAll')
  const logger = createLogger({ level: 'silent' })
  const options: TenantCacheInvalidationOptions = {
    tenantChanges,
    transport: { kind: 'memory', hub },
    logger,
    instanceId: 'me',
  }
  return { hub, tenantChanges, forget, forgetAll, logger, options }
}

describe('tenantCacheTransportFor', () => {
  const db = {} as AnyKysely
  const redis = {} as Redis
  it('prefers Redis, then PostgreSQL NOTIFY, then in-process', () => {
    expect(tenantCacheTransportFor({ databaseUrl: 'postgres://x/db', db, redis })).toEqual({
      kind: 'redis',
      redis,
    })
    expect(tenantCacheTransportFor({ databaseUrl: 'postgres://x/db', db })).toEqual({
      kind: 'postgres',
      db,
    })
    expect(tenantCacheTransportFor({ databaseUrl: undefined, db })).toEqual({ kind: 'memory' })
  })
})

describe('startTenantCacheInvalidation', () => {
  it('publishes each announced tenant under its id key and this instance id', async () => {
    const { hub, tenantChanges, options } = setup()
    const received = vi.fn()
    await hub.subscribe(received)
    const invalidation = await startTenantCacheInvalidation(options)
    tenantChanges.announce(ID.toUpperCase())
    await invalidation.close()
    expect(received).toHaveBeenCalledWith([idKey(ID)], 'me')
  })

  it("forgets the tenants of other instances' id keys, skipping its own and foreign keys", async () => {
    const { hub, forget, options } = setup()
    const invalidation = await startTenantCacheInvalidation(options)
    await hub.publish([idKey('11111111-2222-4333-8444-555555555555')], 'me')
    await hub.publish(
      [idKey(ID.toUpperCase()), 'tenant:v1:slug:acme', idKey('not-a-uuid'), 'session:1'],
      'other',
    )
    await invalidation.close()
    expect(forget.mock.calls).toEqual([[ID]])
  })

  it('logs a failed broadcast instead of failing the change, and close waits for sends', async () => {
    const { options, logger, tenantChanges } = setup()
    const warn = vi.spyOn(logger, 'warn')
    const hub: InvalidationTransport = {
      publish: () => new Promise((_, reject) => setTimeout(() => reject(new Error('down')), 20)),
      subscribe: () => Promise.resolve(() => Promise.resolve()),
    }
    const invalidation = await startTenantCacheInvalidation({
      ...options,
      transport: { kind: 'memory', hub },
    })
    expect(() => tenantChanges.announce(ID)).not.toThrow()
    await invalidation.close()
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ error: 'down', tenantId: ID }),
      expect.stringContaining('not broadcast'),
    )
  })

  it('retries a failed subscription, then forgets every tenant (messages were missed)', async () => {
    const base = createMemoryInvalidationHub()
    let failures = 1
    const hub: InvalidationTransport = {
      publish: (keys, origin) => base.publish(keys, origin),
      subscribe: (onKeys) =>
        failures-- > 0 ? Promise.reject(new Error('redis down')) : base.subscribe(onKeys),
    }
    const { options, forget, forgetAll, logger } = setup(hub)
    const error = vi.spyOn(logger, 'error')
    const invalidation = await startTenantCacheInvalidation({ ...options, retryMs: 10 })
    expect(error).toHaveBeenCalledOnce()
    await expect.poll(() => forgetAll.mock.calls.length).toBe(1)
    await base.publish([idKey(ID)], 'other')
    expect(forget).toHaveBeenCalledWith(ID)
    await invalidation.close()
  })

  it('stops announcing and listening once closed', async () => {
    const { hub, tenantChanges, forget, options } = setup()
    const received = vi.fn()
    await hub.subscribe(received)
    const invalidation = await startTenantCacheInvalidation(options)
    await invalidation.close()
    tenantChanges.announce(ID)
    await hub.publish([idKey(ID)], 'other')
    expect(received.mock.calls).toEqual([[[idKey(ID)], 'other']])
    expect(forget).not.toHaveBeenCalled()
  })
})
