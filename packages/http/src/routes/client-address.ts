import type { Context } from 'hono'

/** Options of {@link clientAddress}. */
export interface ClientAddressOptions {
  /**
   * How many proxies in front of the app append to `X-Forwarded-For`. 0 (default): the socket's
   * peer is the client. With `n`, the client is the `n`-th entry from the right (a client can
   * forge the left part of the header, never the entries the trusted proxies appended).
   */
  readonly trustedProxies?: number
}

/** The peer address of a request on `@hono/node-server`, which keeps the socket in `c.env`. */
function socketAddress(c: Context): string | undefined {
  const env: unknown = c.env
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined
  const incoming = env.incoming as { socket?: { remoteAddress?: string } } | undefined
  return incoming?.socket?.remoteAddress
}

/**
 * The client's IP address: the socket's peer, or, behind `trustedProxies` hops, the entry that
 * many places from the right of `X-Forwarded-For`. `undefined` when unknown (`app.request()` in
 * tests has no socket). Rate limits, the login throttle and sessions all key on this one answer.
 */
export function clientAddress(c: Context, options: ClientAddressOptions = {}): string | undefined {
  const { trustedProxies = 0 } = options
  if (trustedProxies > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '').split(',').map((part) => part.trim())
    const candidate = chain.filter(Boolean).at(-trustedProxies)
    if (candidate) return candidate
  }
  return socketAddress(c)
}
