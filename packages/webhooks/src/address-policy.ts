import { BlockList, isIP } from 'node:net'

// Addresses a webhook may never reach unless allow-listed: this host, private networks, link-local
// (the cloud metadata service 169.254.169.254 among them), carrier-grade NAT, documentation,
// benchmarking, multicast and reserved ranges (IANA special-purpose registries).
const BLOCKED_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const
const BLOCKED_V6 = [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const

const blocked = new BlockList()
for (const [network, prefix] of BLOCKED_V4) blocked.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of BLOCKED_V6) blocked.addSubnet(network, prefix, 'ipv6')

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase()
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number)
    text =
      text.slice(0, -dotted[1].length) +
      `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)))
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
}

/**
 * The IPv4 address an IPv6 address stands for, when it embeds one: IPv4-mapped (`::ffff:a.b.c.d`),
 * IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`). `null` otherwise.
 */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address)
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0) && !(g[5] === 0 && zeros(6, 7) && g[7]! <= 1))
    return v4(g[6]!, g[7]!)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!)
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!)
  return null
}

/** Which destinations are let through although the guard would refuse them. */
export interface AddressPolicyOptions {
  /** CIDRs (`127.0.0.0/8`, `::1/128`) or single addresses that may be reached anyway. */
  readonly allow?: readonly string[]
}

/** Decides whether a webhook may connect to an IP address. */
export interface AddressPolicy {
  /** `null` when `address` may be reached; else why not. */
  refusal(address: string): string | null
}

/** Parses allow-list entries into a `BlockList`; throws on a malformed entry. */
function allowList(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [network = '', prefixText] = entry.split('/')
    const family = isIP(network)
    if (family === 0) throw new Error(`Not an IP address or CIDR: ${entry}`)
    const type = family === 4 ? 'ipv4' : 'ipv6'
    const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText)
    list.addSubnet(network, prefix, type)
  }
  return list
}

/**
 * The SSRF guard's rule: an address is refused when it (or the IPv4 address it embeds) is in a
 * loopback, private, link-local, metadata, multicast or reserved range, unless the allow-list
 * names it. Anything that is not an IP address is refused.
 *
 * @example
 * ```ts
 * const policy = createAddressPolicy({ allow: ['127.0.0.1/32'] })
 * policy.refusal('127.0.0.1') // null
 * policy.refusal('169.254.169.254') // 'address 169.254.169.254 is link-local, private or reserved'
 * ```
 */
export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const allowed = allowList(options.allow ?? [])
  const check = (address: string, family: 4 | 6): boolean =>
    blocked.check(address, family === 4 ? 'ipv4' : 'ipv6') &&
    !allowed.check(address, family === 4 ? 'ipv4' : 'ipv6')
  return {
    refusal(address) {
      const family = isIP(address)
      if (family === 0) return `${address} is not an IP address`
      const embedded = family === 6 ? embeddedIpv4(address) : null
      const refused =
        embedded === null
          ? check(address, family === 4 ? 4 : 6)
          : check(embedded, 4) || (blocked.check(address, 'ipv6') && check(address, 6))
      return refused ? `address ${address} is loopback, private, link-local or reserved` : null
    },
  }
}
