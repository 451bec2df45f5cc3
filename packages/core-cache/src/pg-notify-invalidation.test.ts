import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { createInvalidatingCache } from './invalidating-cache'
import { createMemoryCache } from './memory-cache'
import { createPgNotifyInvalidation } from './pg-notify-invalidation'

/** Stands in for one PostgreSQL channel: NOTIFY fans out to every LISTENing connection. */
const fakeChannel = () => {
  const listeners = new Set<(payload: string) => void>()
  const sent: string[] = []
  return {
    sent,
    notify: (payload: string): Promise<void> => {
      if (Buffer.byteLength(payload) >= 8000) return Promise.reject(new Error('payload too long'))
      sent.push(payload)
      for (const listener of listeners) listener(payload)
      return Promise.resolve()
    },
    listen: (onPayload: (payload: string) => void): Promise<() => Promise<void>> => {
      listeners.add(onPayload)
      return Promise.resolve(() => {
        listeners.delete(onPayload)
        return Promise.resolve()
      })
    },
  }
}

describe('createPgNotifyInvalidation', () => {
  it('carries invalidations between two instances over one channel', async () => {
    const channel = fakeChannel()
    const transport = createPgNotifyInvalidation(channel)
    const a = await createInvalidatingCache({ cache: createMemoryCache<string>(), transport })
    const b = await createInvalidatingCache({ cache: createMemoryCache<string>(), transport })
    await b.getOrLoad('k', () => 'v')
    await a.delete('k')
    expect(await b.get('k')).toBeUndefined()
  })

  it('splits a long key list into payloads under 8000 bytes, losing none', async () => {
    const channel = fakeChannel()
    const transport = createPgNotifyInvalidation(channel)
    const received: string[] = []
    await transport.subscribe((keys) => received.push(...keys))
    const keys = Array.from(
      { length: 2000 },
      (_, i) => `t:tenant-${i}:prodüct:${'é'.repeat(i % 40)}`,
    )
    await transport.publish(keys, 'origin-1')
    expect(channel.sent.length).toBeGreaterThan(1)
    for (const payload of channel.sent) expect(Buffer.byteLength(payload)).toBeLessThan(8000)
    expect(received).toEqual(keys)
  })

  it('honours a smaller maxPayloadBytes and refuses a key that cannot fit', async () => {
    const channel = fakeChannel()
    const transport = createPgNotifyInvalidation({ ...channel, maxPayloadBytes: 256 })
    await transport.publish(
      Array.from({ length: 50 }, (_, i) => `key-${i}`),
      'o',
    )
    for (const payload of channel.sent) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(256)
    await expect(transport.publish(['x'.repeat(300)], 'o')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    })
    expect(() => createPgNotifyInvalidation({ ...channel, maxPayloadBytes: 10 })).toThrow()
  })

  it('reports payloads that are not invalidation messages', async () => {
    const channel = fakeChannel()
    const invalid: string[] = []
    const transport = createPgNotifyInvalidation({
      ...channel,
      onInvalidPayload: (p) => invalid.push(p),
    })
    const received: string[] = []
    await transport.subscribe((keys) => received.push(...keys))
    for (const payload of [
      'not json',
      '{"v":2,"o":"x","k":[]}',
      '{"v":1,"o":"x","k":[1]}',
      'null',
    ]) {
      await channel.notify(payload)
    }
    expect(invalid).toHaveLength(4)
    expect(received).toEqual([])
  })
})
