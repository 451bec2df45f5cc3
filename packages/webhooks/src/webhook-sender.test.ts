import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAddressPolicy } from './address-policy'
import { startReceiver, type Receiver } from './testing/receiver.test-helper'
import { createWebhookSender, RESPONSE_EXCERPT_BYTES, type Resolver } from './webhook-sender'

const request = (url: string) => ({ url, headers: { 'x-custom': 'yes' }, body: '{"n":1}' })
const answers =
  (address: string, family = 4): Resolver =>
  () =>
    Promise.resolve([{ address, family }])

describe('the webhook sender behind the SSRF guard', () => {
  let receiver: Receiver
  let receiver6: Receiver | undefined
  beforeAll(async () => {
    receiver = await startReceiver()
    receiver6 = await startReceiver('::1').catch(() => undefined)
  })
  afterAll(async () => {
    await receiver.close()
    await receiver6?.close()
  })

  const guarded = (options: { resolve?: Resolver; allow?: string[]; timeoutMs?: number } = {}) =>
    createWebhookSender({
      policy: createAddressPolicy({ allow: options.allow ?? [] }),
      ...(options.resolve ? { resolve: options.resolve } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    })

  it('refuses loopback, private, link-local and metadata literals without connecting', async () => {
    const send = guarded()
    const before = receiver.received.length
    for (const host of [
      '127.0.0.1',
      '[::1]',
      '10.0.0.1',
      '169.254.169.254',
      '[::ffff:127.0.0.1]',
    ]) {
      const response = await send(request(`http://${host}:${receiver.port}/hook`))
      expect(response, host).toMatchObject({ ok: false, kind: 'refused' })
    }
    expect(receiver.received.length).toBe(before)
  })

  it('refuses a host name that resolves to loopback, and one with any private address', async () => {
    const before = receiver.received.length
    const loopback = await guarded({ resolve: answers('127.0.0.1') })(
      request(`http://hooks.example.test:${receiver.port}/hook`),
    )
    expect(loopback).toMatchObject({
      ok: false,
      kind: 'refused',
      error: expect.stringMatching(/127\.0\.0\.1/) as unknown,
    })
    const mixed = await guarded({
      resolve: () =>
        Promise.resolve([
          { address: '93.184.216.34', family: 4 },
          { address: '10.1.1.1', family: 4 },
        ]),
    })(request(`http://hooks.example.test:${receiver.port}/hook`))
    expect(mixed).toMatchObject({ ok: false, kind: 'refused' })
    expect(receiver.received.length).toBe(before)
  })

  it('connects to the very address it checked (DNS rebinding finds no second lookup)', async () => {
    // The first answer is checked and used; a later, different answer is never asked for.
    let calls = 0
    const rebinding: Resolver = () => {
      calls += 1
      return Promise.resolve([{ address: calls === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }])
    }
    const send = guarded({ resolve: rebinding, allow: ['127.0.0.1/32'] })
    const response = await send(request(`http://rebind.example.test:${receiver.port}/hook`))
    expect(response).toMatchObject({ ok: true, status: 200 })
    expect(calls).toBe(1)
    expect(receiver.received.at(-1)).toMatchObject({
      body: '{"n":1}',
      headers: { 'x-custom': 'yes' },
    })
  })

  it('reaches allow-listed loopback receivers, IPv4 and IPv6', async () => {
    const send = guarded({ allow: ['127.0.0.1/32', '::1'] })
    expect(await send(request(receiver.url))).toMatchObject({ ok: true, status: 200 })
    if (receiver6)
      expect(await send(request(receiver6.url))).toMatchObject({ ok: true, status: 200 })
  })

  it('does not follow a redirect, to a private address or anywhere', async () => {
    receiver.answer = (req) =>
      req.path === '/hook'
        ? { status: 307, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }
        : { status: 200 }
    const send = guarded({ allow: ['127.0.0.1/32'] })
    const before = receiver.received.length
    expect(await send(request(receiver.url))).toMatchObject({ ok: true, status: 307 })
    expect(receiver.received.length).toBe(before + 1)
    receiver.answer = () => ({ status: 200 })
  })

  it('keeps at most a kilobyte of the answer, and gives up on a silent receiver', async () => {
    receiver.answer = () => ({ status: 500, body: 'x'.repeat(10_000) })
    const send = guarded({ allow: ['127.0.0.1/32'], timeoutMs: 300 })
    const big = await send(request(receiver.url))
    expect(big.ok && big.excerpt.length).toBe(RESPONSE_EXCERPT_BYTES)
    receiver.answer = () => ({ status: 200, hang: true })
    const started = Date.now()
    expect(await send(request(receiver.url))).toMatchObject({ ok: false, kind: 'timeout' })
    expect(Date.now() - started).toBeLessThan(3_000)
    receiver.answer = () => ({ status: 200 })
  })
})
