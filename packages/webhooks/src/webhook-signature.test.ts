import { describe, expect, it } from 'vitest'
import { verifyStandardWebhook } from './testing/standard-webhooks-verifier.test-helper'
import { generateWebhookSecret, signWebhook, webhookHeaders } from './webhook-signature'

describe('Standard Webhooks signing', () => {
  const body = JSON.stringify({ type: 'product.created', data: { id: 1, name: 'Чай' } })
  const message = { id: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', timestamp: 1_700_000_000, body }

  it('matches the specification example (secret, id, timestamp, body → signature)', () => {
    // The example of the Standard Webhooks reference libraries' test suites.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const signed = signWebhook(secret, {
      id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
    })
    expect(signed).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('is verified by an independent implementation of the specification', async () => {
    const secret = generateWebhookSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const headers = webhookHeaders([secret], message)
    expect(
      await verifyStandardWebhook(
        secret,
        { headers, body: body },
        { nowSeconds: message.timestamp },
      ),
    ).toBeNull()
    expect(
      await verifyStandardWebhook(
        secret,
        { headers, body: body + ' ' },
        { nowSeconds: message.timestamp },
      ),
    ).toBe('no matching signature')
    expect(
      await verifyStandardWebhook(
        generateWebhookSecret(),
        { headers, body: body },
        {
          nowSeconds: message.timestamp,
        },
      ),
    ).toBe('no matching signature')
    expect(
      await verifyStandardWebhook(
        secret,
        { headers, body: body },
        { nowSeconds: message.timestamp + 301 },
      ),
    ).toBe('timestamp outside tolerance')
  })

  it('signs with both secrets during a rotation, and each verifies alone', async () => {
    const [next, previous] = [generateWebhookSecret(), generateWebhookSecret()]
    const headers = webhookHeaders([next, previous], message)
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2)
    for (const secret of [next, previous])
      expect(
        await verifyStandardWebhook(
          secret,
          { headers, body: body },
          { nowSeconds: message.timestamp },
        ),
      ).toBeNull()
  })
})
