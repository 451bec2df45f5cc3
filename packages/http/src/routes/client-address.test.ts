import { Hono } from 'hono'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  clientAddress,
  TrustedProxiesSchema,
  viaTrustedProxy,
  type TrustedProxies,
} from './client-address'

/** Asks the app, as `@hono/node-server` would call it, from `peer` with `forwardedFor`. */
async function seen(
  trustedProxies: TrustedProxies | undefined,
  request: { readonly peer?: string; readonly forwardedFor?: string },
) {
  const app = new Hono()
  app.get('/', (c) =>
    c.json({
      address: clientAddress(c, { trustedProxies }) ?? null,
      viaProxy: viaTrustedProxy(c, { trustedProxies }),
    }),
  )
  const headers = request.forwardedFor ? { 'x-forwarded-for': request.forwardedFor } : undefined
  const env = request.peer ? { incoming: { socket: { remoteAddress: request.peer } } } : undefined
  const res = await app.request('/', { headers }, env)
  return (await res.json()) as { address: string | null; viaProxy: boolean }
}

describe('clientAddress', () => {
  it('is the socket’s peer and ignores X-Forwarded-For when no proxy is trusted', async () => {
    for (const none of [undefined, 0, []] as const) {
      expect(await seen(none, { peer: '203.0.113.5', forwardedFor: '198.51.100.1' })).toEqual({
        address: '203.0.113.5',
        viaProxy: false,
      })
    }
    expect(await seen(0, { peer: '::ffff:203.0.113.5' })).toMatchObject({
      address: '203.0.113.5',
    })
    expect(await seen(0, {})).toMatchObject({ address: null })
  })

  it('with a hop count, takes that entry from the right of X-Forwarded-For', async () => {
    const request = { peer: '10.0.0.2', forwardedFor: '1.1.1.1, 198.51.100.7, 10.0.0.1' }
    expect(await seen(1, request)).toEqual({ address: '10.0.0.1', viaProxy: true })
    expect(await seen(2, request)).toMatchObject({ address: '198.51.100.7' })
    // Fewer entries than hops, or garbage where the client should be: the socket's peer.
    expect(await seen(5, request)).toMatchObject({ address: '10.0.0.2' })
    expect(await seen(1, { peer: '10.0.0.2', forwardedFor: 'evil' })).toMatchObject({
      address: '10.0.0.2',
    })
  })

  it('with a list, walks from the socket past trusted proxies to the first address that is not one', async () => {
    const trusted = ['10.0.0.0/8', '2001:db8::/32']
    expect(
      await seen(trusted, { peer: '10.1.2.3', forwardedFor: '6.6.6.6, 198.51.100.7, 10.9.9.9' }),
    ).toEqual({ address: '198.51.100.7', viaProxy: true })
    expect(
      await seen(trusted, { peer: '2001:db8::1', forwardedFor: '2001:db8::2, 2001:db9::7' }),
    ).toMatchObject({ address: '2001:db9::7' })
    // A peer outside the list is the client, whatever it forwards.
    expect(await seen(trusted, { peer: '203.0.113.9', forwardedFor: '1.2.3.4' })).toEqual({
      address: '203.0.113.9',
      viaProxy: false,
    })
    // A forged entry that is no address stops the walk at the last trusted hop.
    expect(
      await seen(trusted, { peer: '10.1.2.3', forwardedFor: '198.51.100.7, not-an-ip' }),
    ).toMatchObject({ address: '10.1.2.3' })
    expect(await seen(['127.0.0.1'], { forwardedFor: '1.2.3.4' })).toEqual({
      address: null,
      viaProxy: false,
    })
  })
})

describe('TrustedProxiesSchema', () => {
  it('takes a hop count or a list of addresses and ranges, and nothing else', () => {
    for (const good of [0, 2, [], ['10.0.0.0/8', '127.0.0.1', '::1', '2001:db8::/32']]) {
      expect(v.is(TrustedProxiesSchema, good)).toBe(true)
    }
    for (const bad of [-1, 17, 1.5, 'yes', ['10.0.0.0/33'], ['example.com'], ['10.0.0.1/8/2']]) {
      expect(v.is(TrustedProxiesSchema, bad)).toBe(false)
    }
  })
})
