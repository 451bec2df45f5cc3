import { describe, expect, it } from 'vitest'
import { cacheKey } from './cache-key'
import { createInvalidatingCache } from './invalidating-cache'
import type { InvalidationListener, InvalidationTransport } from './invalidation-transport'
import { createMemoryCache } from './memory-cache'
import { createMemoryInvalidationHub } from './memory-invalidation-hub'

const twoInstances = async (transport: InvalidationTransport = createMemoryInvalidationHub()) => {
  const a = await createInvalidatingCache({ cache: createMemoryCache<string>(), transport })
  const b = await createInvalidatingCache({ cache: createMemoryCache<string>(), transport })
  return { a, b }
}

describe('createInvalidatingCache', () => {
  it('drops a deleted key on the other instance', async () => {
    const { a, b } = await twoInstances()
    const key = cacheKey('tenant-1', 'tenant', 'tenant-1')
    await a.getOrLoad(key, () => 'v1')
    await b.getOrLoad(key, () => 'v1')
    await a.delete(key)
    expect(await a.get(key)).toBeUndefined()
    expect(await b.get(key)).toBeUndefined()
    expect(await b.getOrLoad(key, () => 'v2')).toBe('v2')
  })

  it('invalidates many keys at once, and a set drops the others’ stale copy', async () => {
    const { a, b } = await twoInstances()
    await b.getOrLoad('x', () => 'old')
    await b.getOrLoad('y', () => 'old')
    await a.invalidate(['x', 'y', 'x'])
    expect(await b.get('x')).toBeUndefined()
    await b.getOrLoad('x', () => 'old')
    await a.set('x', 'new')
    expect(await a.get('x')).toBe('new')
    expect(await b.get('x')).toBeUndefined()
  })

  it('ignores its own echo and stops listening after close', async () => {
    const delivered: Array<{ keys: readonly string[]; origin: string }> = []
    const hub = createMemoryInvalidationHub()
    const spy: InvalidationTransport = {
      publish: (keys, origin) => hub.publish(keys, origin),
      subscribe: (onKeys) =>
        hub.subscribe((keys, origin) => {
          delivered.push({ keys, origin })
          onKeys(keys, origin)
        }),
    }
    const { a, b } = await twoInstances(spy)
    await a.set('k', 'mine')
    // a received its own message and kept its value; b dropped (nothing).
    expect(delivered.map((d) => d.origin)).toEqual([a.instanceId, a.instanceId])
    expect(await a.get('k')).toBe('mine')
    await b.close()
    await b.set('k2', 'b')
    await a.set('k2', 'a')
    expect(await b.get('k2')).toBe('b')
  })

  it('rejects when publishing fails, after deleting locally', async () => {
    const transport: InvalidationTransport = {
      publish: () => Promise.reject(new Error('connection lost')),
      subscribe: () => Promise.resolve(() => Promise.resolve()),
    }
    const cache = await createInvalidatingCache({ cache: createMemoryCache<string>(), transport })
    await cache.getOrLoad('k', () => 'v')
    await expect(cache.invalidate(['k'])).rejects.toThrow('connection lost')
    expect(await cache.get('k')).toBeUndefined()
  })

  it('reports a failing local delete of a remote invalidation to onError', async () => {
    let deliver!: InvalidationListener
    const transport: InvalidationTransport = {
      publish: () => Promise.resolve(),
      subscribe: (onKeys) => {
        deliver = onKeys
        return Promise.resolve(() => Promise.resolve())
      },
    }
    const errors: unknown[] = []
    const broken = {
      ...createMemoryCache<string>(),
      delete: () => Promise.reject(new Error('down')),
    }
    await createInvalidatingCache({ cache: broken, transport, onError: (e) => errors.push(e) })
    deliver(['k'], 'other-instance')
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).toHaveLength(1)
  })
})

describe('createMemoryInvalidationHub', () => {
  it('delivers to every subscriber and rejects when one throws', async () => {
    const hub = createMemoryInvalidationHub()
    const seen: string[] = []
    await hub.subscribe((keys) => seen.push(...keys))
    const stop = await hub.subscribe(() => {
      throw new Error('bug')
    })
    await expect(hub.publish(['k'], 'x')).rejects.toMatchObject({ code: 'INTERNAL' })
    expect(seen).toEqual(['k'])
    await stop()
    await hub.publish(['j'], 'x')
    expect(seen).toEqual(['k', 'j'])
  })
})
