import type { InvalidationTransport } from './invalidation-transport'
import { decodeInvalidation, encodeInvalidation } from './internal/invalidation-codec'

/** The slice of an ioredis client that publishes. */
export interface RedisPublisherPort {
  publish(channel: string, message: string): Promise<unknown>
}

/** Listener of Redis pub/sub messages, as ioredis calls it. */
export type RedisMessageListener = (channel: string, message: string) => void

/** The slice of a dedicated ioredis subscriber connection (one in subscriber mode). */
export interface RedisSubscriberPort {
  subscribe(channel: string): Promise<unknown>
  unsubscribe(channel: string): Promise<unknown>
  on(event: 'message', listener: RedisMessageListener): unknown
  off(event: 'message', listener: RedisMessageListener): unknown
}

/** Options of {@link createRedisInvalidation}. */
export interface RedisInvalidationOptions {
  /** Any connection; used only for `PUBLISH`. */
  readonly publisher: RedisPublisherPort
  /** A connection of its own: Redis allows only pub/sub commands once it has subscribed. */
  readonly subscriber: RedisSubscriberPort
  /** The pub/sub channel shared by every instance. */
  readonly channel?: string
  /** Told about messages on the channel that are not invalidation messages. */
  readonly onInvalidPayload?: (payload: string) => void
}

// Redis takes far larger messages, but small ones keep every subscriber's parse cheap.
const redisMaxPayloadBytes = 64 * 1024

/**
 * Creates an {@link InvalidationTransport} over Redis pub/sub, for deployments that set
 * `REDIS_URL` (ADR 0008). Pass two ioredis clients: one to publish, one dedicated to subscribing.
 *
 * @example
 * ```ts
 * const transport = createRedisInvalidation({
 *   publisher: new Redis(url),
 *   subscriber: new Redis(url),
 *   channel: 'rustok:cache:invalidate',
 * })
 * ```
 */
export function createRedisInvalidation({
  publisher,
  subscriber,
  channel = 'rustok:cache:invalidate',
  onInvalidPayload = () => undefined,
}: RedisInvalidationOptions): InvalidationTransport {
  return {
    publish: async (keys, origin) => {
      for (const payload of encodeInvalidation(keys, origin, redisMaxPayloadBytes)) {
        await publisher.publish(channel, payload)
      }
    },
    subscribe: async (onKeys) => {
      const listener: RedisMessageListener = (from, payload) => {
        if (from !== channel) return
        const message = decodeInvalidation(payload)
        if (message === undefined) onInvalidPayload(payload)
        else onKeys(message.keys, message.origin)
      }
      subscriber.on('message', listener)
      try {
        await subscriber.subscribe(channel)
      } catch (error) {
        subscriber.off('message', listener)
        throw error
      }
      return async () => {
        subscriber.off('message', listener)
        await subscriber.unsubscribe(channel)
      }
    },
  }
}
