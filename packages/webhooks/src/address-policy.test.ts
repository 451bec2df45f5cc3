import { describe, expect, it } from 'vitest'
import { createAddressPolicy, embeddedIpv4 } from './address-policy'

describe('the SSRF address policy', () => {
  const policy = createAddressPolicy()

  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '::1',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.4.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::',
    '224.0.0.1',
    '255.255.255.255',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:a00:1::',
    '::127.0.0.1',
  ])('refuses %s', (address) => {
    expect(policy.refusal(address)).toMatch(/loopback, private, link-local or reserved/)
  })

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2002:808:808::'])(
    'lets %s through',
    (address) => {
      expect(policy.refusal(address)).toBeNull()
    },
  )

  it('refuses what is not an IP address', () => {
    expect(policy.refusal('localhost')).toMatch(/not an IP address/)
  })

  it('lets allow-listed ranges through, mapped forms included, and nothing else', () => {
    const allowing = createAddressPolicy({ allow: ['127.0.0.1/32', '::1', '10.1.0.0/16'] })
    expect(allowing.refusal('127.0.0.1')).toBeNull()
    expect(allowing.refusal('::ffff:127.0.0.1')).toBeNull()
    expect(allowing.refusal('::1')).toBeNull()
    expect(allowing.refusal('10.1.2.3')).toBeNull()
    expect(allowing.refusal('127.0.0.2')).not.toBeNull()
    expect(allowing.refusal('10.2.0.1')).not.toBeNull()
    expect(allowing.refusal('169.254.169.254')).not.toBeNull()
    expect(() => createAddressPolicy({ allow: ['example.com'] })).toThrow(/Not an IP/)
  })

  it('finds the IPv4 address an IPv6 address embeds', () => {
    expect(embeddedIpv4('::ffff:192.168.0.1')).toBe('192.168.0.1')
    expect(embeddedIpv4('::ffff:c0a8:1')).toBe('192.168.0.1')
    expect(embeddedIpv4('64:ff9b::808:808')).toBe('8.8.8.8')
    expect(embeddedIpv4('2002:c0a8:1::1')).toBe('192.168.0.1')
    expect(embeddedIpv4('2606:4700::1')).toBeNull()
    expect(embeddedIpv4('::1')).toBeNull()
  })
})
