/** Money at a provider: an integer of minor units and its ISO 4217 code. */
export interface ProviderAmount {
  readonly amount: number
  readonly currency: string
}

/**
 * Asks a provider to hold `amount` on the buyer's means of payment. `idempotencyKey` is the
 * checkout's id: asking twice with the same key must give the same authorisation (a checkout
 * resumed after a crash asks again).
 */
export interface AuthorizeRequest extends ProviderAmount {
  readonly idempotencyKey: string
  readonly tenantId: string
  /** Shown at the provider, e.g. the cart id. */
  readonly reference: string
}

/** A provider's answer to {@link AuthorizeRequest}: held, or refused for a reason the buyer sees. */
export type AuthorizeResult =
  | { readonly outcome: 'authorized'; readonly providerRef: string }
  | { readonly outcome: 'declined'; readonly reason: string }

/** Takes (part of) an authorised amount, or gives (part of) a captured one back. */
export interface MoneyMoveRequest extends ProviderAmount {
  readonly idempotencyKey: string
  /** The authorisation's reference at the provider. */
  readonly providerRef: string
}

/** A webhook request as received: the raw body (signatures cover its bytes) and its headers. */
export interface ProviderWebhookRequest {
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What a verified provider webhook says happened. */
export interface ProviderWebhookEvent {
  readonly type: string
  readonly providerRef: string
  readonly data: Readonly<Record<string, unknown>>
}

/**
 * The payment provider port: the few calls a checkout and an order need. An implementation
 * throws for an error or a timeout (the caller retries with the same idempotency key or
 * compensates) and answers `declined` for a refusal. `void` is idempotent and accepts a
 * `providerRef` that was never authorised (a crash can leave the checkout unsure whether it was).
 */
export interface PaymentProvider {
  /** Stable id stored with each payment, e.g. `manual`, `test`, `stripe`. */
  readonly id: string
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>
  capture(request: MoneyMoveRequest): Promise<{ readonly providerRef: string }>
  refund(request: MoneyMoveRequest): Promise<{ readonly providerRef: string }>
  void(request: { readonly idempotencyKey: string }): Promise<void>
  /** Checks a webhook's signature and reads it; throws when it is not authentic. */
  verifyWebhook(request: ProviderWebhookRequest): Promise<ProviderWebhookEvent>
}
