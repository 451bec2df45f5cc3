import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAddressPolicy } from './address-policy'

const policy = createAddressPolicy()
const ipv4 = fc
  .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255))
  .map((parts) => parts.join('.'))
const hex = (a: number, b: number) => ((a << 8) | b).toString(16)
const parts = (address: string) =>
  address.split('.').map(Number) as [number, number, number, number]

describe('the SSRF address policy (properties)', () => {
  it('decides an IPv4 address and its IPv4-mapped and NAT64 forms alike', () => {
    fc.assert(
      fc.property(ipv4, (address) => {
        const [a, b, c, d] = parts(address)
        const refused = policy.refusal(address) !== null
        expect(policy.refusal(`::ffff:${address}`) !== null).toBe(refused)
        expect(policy.refusal(`::ffff:${hex(a, b)}:${hex(c, d)}`) !== null).toBe(refused)
        expect(policy.refusal(`64:ff9b::${hex(a, b)}:${hex(c, d)}`) !== null).toBe(refused)
      }),
      { numRuns: 2_000 },
    )
  })

  it('refuses every address of the loopback, private, link-local and CGNAT ranges', () => {
    const inRange = fc.oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
    )
    fc.assert(
      fc.property(inRange, (address) => {
        expect(policy.refusal(address.join('.'))).not.toBeNull()
      }),
      { numRuns: 2_000 },
    )
  })

  it('lets an allow-listed CIDR through, and only addresses inside it', () => {
    fc.assert(
      fc.property(ipv4, fc.integer({ min: 8, max: 32 }), ipv4, (network, prefix, probe) => {
        const allowing = createAddressPolicy({ allow: [`${network}/${prefix}`] })
        const inside = (address: string) => {
          const toInt = (x: string) => parts(x).reduce((n, octet) => n * 256 + octet, 0)
          const size = 2 ** (32 - prefix)
          return Math.floor(toInt(address) / size) === Math.floor(toInt(network) / size)
        }
        const expected = inside(probe) ? null : policy.refusal(probe)
        expect(allowing.refusal(probe)).toBe(expected)
      }),
      { numRuns: 2_000 },
    )
  })
})
