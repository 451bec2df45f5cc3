import { EventEmitter } from 'node:events'
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { createInvalidatingCache } from './invalidating-cache'
import { createMemoryCache } from './memory-cache'
import type { RedisPublisherPort, RedisSubscriberPort } from './redis-invalidation'
import { createRedisInvalidation } from './redis-invalidation'

const redisUrl = process.env.REDIS_URL

// Type-level check: real ioredis clients fit the structural ports.
const _fitsPorts = (client: Redis): [RedisPublisherPort, RedisSubscriberPort] => [client, client]

/** An in-process stand-in for Redis pub/sub with ioredis's event shape. */
const fakeRedis = () => {
  const bus = new EventEmitter()
  const subscriber = (): RedisSubscriberPort => {
    const emitter = new EventEmitter()
    const channels = new Set<string>()
    bus.on('publish', (channel: string, message: string) => {
      if (channels.has(channel)) emitter.emit('message', channel, message)
    })
    return {
      subscribe: (channel) => Promise.resolve(channels.add(channel)),
      unsubscribe: (channel) => Promise.resolve(channels.delete(channel)),
      on: (event, listener) => emitter.on(event, listener),
      off: (event, listener) => emitter.off(event, listener),
    }
  }
  const publisher: RedisPublisherPort = {
    publish: (channel, message) => Promise.resolve(bus.emit('publish', channel, message)),
  }
  return { publisher, subscriber }
}

describe('createRedisInvalidation', () => {
  it('carries invalidations between two instances and ignores other channels', async () => {
    const redis = fakeRedis()
    const make = () =>
      createInvalidatingCache({
        cache: createMemoryCache<string>(),
        transport: createRedisInvalidation({
          publisher: redis.publisher,
          subscriber: redis.subscriber(),
        }),
      })
    const a = await make()
    const b = await make()
    await b.getOrLoad('k', () => 'v')
    await a.delete('k')
    expect(await b.get('k')).toBeUndefined()
    await a.close()
    await b.close()
  })
})

describe.skipIf(redisUrl === undefined)('createRedisInvalidation on a real Redis', () => {
  it('reaches another instance within a second', async () => {
    const clients = Array.from({ length: 3 }, () => new Redis(redisUrl ?? ''))
    const [publisher, subA, subB] = clients as [Redis, Redis, Redis]
    const channel = `rustok-test:${Date.now()}`
    try {
      const a = await createInvalidatingCache({
        cache: createMemoryCache<string>(),
        transport: createRedisInvalidation({ publisher, subscriber: subA, channel }),
      })
      const b = await createInvalidatingCache({
        cache: createMemoryCache<string>(),
        transport: createRedisInvalidation({ publisher, subscriber: subB, channel }),
      })
      await b.getOrLoad('k', () => 'v')
      const started = Date.now()
      await a.invalidate(['k'])
      while ((await b.get('k')) !== undefined && Date.now() - started < 1000) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      expect(await b.get('k')).toBeUndefined()
      await a.close()
      await b.close()
    } finally {
      await Promise.all(clients.map((client) => client.quit()))
    }
  })
})
