import { BlockList, isIP } from 'node:net'
import type { Context } from 'hono'
import * as v from 'valibot'
import { requestHeader } from './node-exchange'

/**
 * Which reverse proxies in front of the app may be believed about the client: a number of hops
 * (each appends to `X-Forwarded-For`; 0 trusts none), or a list of proxy addresses and CIDR ranges
 * (`10.0.0.0/8`, `2001:db8::/32`, `127.0.0.1`). Nothing forwarded is believed without it.
 */
export type TrustedProxies = number | readonly string[]

/** Options of {@link clientAddress} and {@link viaTrustedProxy}. */
export interface ClientAddressOptions {
  /**
   * The proxies to trust. 0 or `[]` (default): the socket's peer is the client and forwarded
   * headers are ignored. A count `n`: the client is the `n`-th entry from the right of
   * `X-Forwarded-For` (a client can forge the left part of the header, never the entries the
   * trusted proxies appended). A list: starting at the socket's peer, each address in the list is
   * a proxy, and the client is the first address, from the right, that is not.
   */
  readonly trustedProxies?: TrustedProxies | undefined
}

const MAX_HOPS = 16

/** One trusted proxy: an IPv4 or IPv6 address, optionally with a `/prefix`. */
function parseProxyEntry(entry: string): { address: string; prefix: number; family: 4 | 6 } | null {
  const [address = '', prefixText, ...rest] = entry.trim().split('/')
  const family = isIP(address)
  if ((family !== 4 && family !== 6) || rest.length > 0) return null
  const bits = family === 4 ? 32 : 128
  if (prefixText === undefined) return { address, prefix: bits, family }
  if (!/^\d{1,3}$/.test(prefixText)) return null
  const prefix = Number(prefixText)
  return prefix <= bits ? { address, prefix, family } : null
}

// Messages never quote the value: configuration errors are printed, and must not leak settings.
const TRUSTED_PROXIES_MESSAGE = `must be a number of proxies (0..${MAX_HOPS}) or a list of IP addresses and CIDR ranges`
const PROXY_ENTRY_MESSAGE = 'must be an IP address or a CIDR range'

/**
 * Validates a {@link TrustedProxies} setting: a hop count of 0 to 16, or a list of IPv4/IPv6
 * addresses and CIDR ranges. For module and server configuration schemas.
 *
 * @example
 * ```ts
 * v.parse(TrustedProxiesSchema, ['10.0.0.0/8', '::1']) // ok
 * v.parse(TrustedProxiesSchema, 2) // ok: two proxies append to X-Forwarded-For
 * ```
 */
export const TrustedProxiesSchema: v.GenericSchema<TrustedProxies> = v.union(
  [
    v.pipe(
      v.number(TRUSTED_PROXIES_MESSAGE),
      v.integer(TRUSTED_PROXIES_MESSAGE),
      v.minValue(0, TRUSTED_PROXIES_MESSAGE),
      v.maxValue(MAX_HOPS, TRUSTED_PROXIES_MESSAGE),
    ),
    v.array(
      v.pipe(
        v.string(PROXY_ENTRY_MESSAGE),
        v.check((entry) => parseProxyEntry(entry) !== null, PROXY_ENTRY_MESSAGE),
      ),
      TRUSTED_PROXIES_MESSAGE,
    ),
  ],
  TRUSTED_PROXIES_MESSAGE,
)

/** Strips IPv6's `::ffff:` prefix of IPv4-mapped addresses, which a dual-stack socket reports. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  return mapped?.[1] ?? address
}

// Built once per list (the configuration's array, which lives as long as the app).
const compiled = new WeakMap<readonly string[], BlockList>()

function proxyList(entries: readonly string[]): BlockList {
  let list = compiled.get(entries)
  if (list === undefined) {
    list = new BlockList()
    for (const entry of entries) {
      const parsed = parseProxyEntry(entry)
      if (parsed === null) throw new TypeError(`trustedProxies: not an IP address or CIDR range`)
      list.addSubnet(parsed.address, parsed.prefix, parsed.family === 4 ? 'ipv4' : 'ipv6')
    }
    compiled.set(entries, list)
  }
  return list
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address)
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

/** The peer address of a request on `@hono/node-server`, which keeps the socket in `c.env`. */
function socketAddress(c: Context): string | undefined {
  const env: unknown = c.env
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined
  const incoming = env.incoming as { socket?: { remoteAddress?: string } } | undefined
  const address = incoming?.socket?.remoteAddress
  return address === undefined ? undefined : plainAddress(address)
}

function forwardedChain(c: Context): string[] {
  return (requestHeader(c, 'x-forwarded-for') ?? '')
    .split(',')
    .map((part) => plainAddress(part.trim()))
    .filter(Boolean)
}

/**
 * The client's IP address: the socket's peer, or, behind trusted proxies, the address they were
 * told about in `X-Forwarded-For` (see {@link ClientAddressOptions.trustedProxies}). An entry that
 * is not an IP address is never returned: the walk stops at the last address it could trust.
 * `undefined` when unknown (`app.request()` in tests has no socket). Rate limits, the login
 * throttle and sessions all key on this one answer.
 *
 * @example
 * ```ts
 * const ip = clientAddress(c, { trustedProxies: ['10.0.0.0/8'] })
 * ```
 */
export function clientAddress(c: Context, options: ClientAddressOptions = {}): string | undefined {
  const { trustedProxies = 0 } = options
  const peer = socketAddress(c)
  if (typeof trustedProxies === 'number') {
    if (trustedProxies <= 0) return peer
    const candidate = forwardedChain(c).at(-trustedProxies)
    return candidate !== undefined && isIP(candidate) !== 0 ? candidate : peer
  }
  if (trustedProxies.length === 0 || peer === undefined) return peer
  const list = proxyList(trustedProxies)
  let client = peer
  const chain = forwardedChain(c)
  while (isTrusted(list, client)) {
    const next = chain.pop()
    if (next === undefined || isIP(next) === 0) break
    client = next
  }
  return client
}

/**
 * Whether the request came through a trusted proxy, so that what proxies forward about it (the
 * original host in `X-Forwarded-Host` or `Forwarded`) may be believed: with a hop count, always
 * (the app is only reachable through them); with a list, when the socket's peer is in it; with
 * none, never.
 */
export function viaTrustedProxy(c: Context, options: ClientAddressOptions = {}): boolean {
  const { trustedProxies = 0 } = options
  if (typeof trustedProxies === 'number') return trustedProxies > 0
  const peer = socketAddress(c)
  return (
    peer !== undefined && trustedProxies.length > 0 && isTrusted(proxyList(trustedProxies), peer)
  )
}
