import type { PaymentProvider } from './payment-provider'

/**
 * The built-in `manual` provider: payment is collected outside the platform (bank transfer, cash
 * on delivery). Authorising always succeeds; capture and refund record what staff did; it has no
 * webhooks, so any webhook is refused.
 */
export function manualPaymentProvider(): PaymentProvider {
  return {
    id: 'manual',
    authorize: (request) =>
      Promise.resolve({ outcome: 'authorized', providerRef: `manual:${request.idempotencyKey}` }),
    capture: (request) => Promise.resolve({ providerRef: `manual:${request.idempotencyKey}` }),
    refund: (request) => Promise.resolve({ providerRef: `manual:${request.idempotencyKey}` }),
    void: () => Promise.resolve(),
    verifyWebhook: () => Promise.reject(new Error('The manual provider has no webhooks')),
  }
}
