import { CommerceError } from '../commerce-error'
import type { PaymentProvider } from './payment-provider'

/** The providers a deployment offers, by id, and how long a call may take. */
export interface PaymentProviders {
  readonly providers: ReadonlyMap<string, PaymentProvider>
  readonly timeoutMs: number
}

/** Default time a provider call may take before it counts as failed. */
const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000

/** Indexes `providers` by id; the `manual` provider is always there unless replaced. */
export function paymentProviders(
  providers: readonly PaymentProvider[],
  timeoutMs: number = DEFAULT_PROVIDER_TIMEOUT_MS,
): PaymentProviders {
  return { providers: new Map(providers.map((p) => [p.id, p])), timeoutMs }
}

/** The provider `id`; `INVALID_INPUT` naming the field when it is not configured. */
export function providerOf(registry: PaymentProviders, id: string): PaymentProvider {
  const provider = registry.providers.get(id)
  if (!provider)
    throw new CommerceError('INVALID_INPUT', `Unknown payment provider "${id}"`, {
      errors: [
        {
          path: 'provider',
          message: `must be one of: ${[...registry.providers.keys()].join(', ')}`,
        },
      ],
    })
  return provider
}

/**
 * Runs one provider call with the registry's timeout. An error or a timeout becomes
 * `PAYMENT_FAILED` (the caller compensates or retries with the same idempotency key).
 */
export async function callProvider<T>(
  registry: PaymentProviders,
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${registry.timeoutMs} ms`)),
      registry.timeoutMs,
    )
  })
  try {
    return await Promise.race([call(), timeout])
  } catch (error) {
    throw new CommerceError('PAYMENT_FAILED', `The payment provider failed to ${what}`, {
      cause: error,
    })
  } finally {
    clearTimeout(timer)
  }
}
