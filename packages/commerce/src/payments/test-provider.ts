import type { AuthorizeResult, PaymentProvider } from './payment-provider'

/** What the next call of a kind does: succeed, refuse, fail, or succeed but never answer. */
export type ScriptedOutcome = 'ok' | 'decline' | 'error' | 'timeout'

/** The calls of the port whose outcome a test can script. */
export type ScriptedCall = 'authorize' | 'capture' | 'refund' | 'void'

/** One authorisation as the test provider holds it. */
export interface TestAuthorization {
  readonly key: string
  readonly amount: number
  readonly currency: string
  readonly state: 'authorized' | 'voided' | 'captured'
  readonly captured: number
  readonly refunded: number
  /** Idempotency keys of the captures and refunds already made (a repeat is not made twice). */
  readonly moves: readonly string[]
}

/**
 * Where the test provider keeps its authorisations. The default is memory; a test that kills a
 * process mid-checkout gives one that outlives the process (a file, a table), as a real
 * provider's records do.
 */
export interface TestProviderStore {
  get(key: string): TestAuthorization | undefined
  put(authorization: TestAuthorization): void
  all(): readonly TestAuthorization[]
}

/** The deterministic `test` provider and the handles a test drives it with. */
export interface TestPaymentProvider extends PaymentProvider {
  /** Queues outcomes for the next calls of `call`; after them, calls succeed. */
  script(call: ScriptedCall, ...outcomes: readonly ScriptedOutcome[]): void
  /** Every authorisation, by idempotency key. */
  authorizations(): readonly TestAuthorization[]
  /** How many calls of each kind were made. */
  readonly calls: Readonly<Record<ScriptedCall, number>>
}

/** An in-memory {@link TestProviderStore}. */
export function memoryTestProviderStore(): TestProviderStore {
  const byKey = new Map<string, TestAuthorization>()
  return {
    get: (key) => byKey.get(key),
    put: (authorization) => void byKey.set(authorization.key, authorization),
    all: () => [...byKey.values()],
  }
}

const keyOf = (providerRef: string): string => providerRef.replace(/^test:/, '')

/**
 * A provider whose outcomes a test scripts: `decline`, `error` (throws, nothing happened) and
 * `timeout` (the provider did it but the answer never comes: the caller's timeout fires, and the
 * caller cannot know whether money is held — the case compensation must cover). Authorising is
 * idempotent by key, like real providers; `void` of an unknown key is a no-op.
 */
export function createTestPaymentProvider(
  options: { readonly store?: TestProviderStore; readonly hangMs?: number } = {},
): TestPaymentProvider {
  const store = options.store ?? memoryTestProviderStore()
  const queues: Record<ScriptedCall, ScriptedOutcome[]> = {
    authorize: [],
    capture: [],
    refund: [],
    void: [],
  }
  const calls: Record<ScriptedCall, number> = { authorize: 0, capture: 0, refund: 0, void: 0 }
  // Runs `work` per the next scripted outcome of `call`.
  async function scripted<T>(call: ScriptedCall, work: () => T, declined: () => T): Promise<T> {
    calls[call] += 1
    const outcome = queues[call].shift() ?? 'ok'
    if (outcome === 'error') throw new Error(`test provider: scripted ${call} error`)
    if (outcome === 'decline') return declined()
    const result = work()
    if (outcome === 'timeout')
      await new Promise((resolve) => setTimeout(resolve, options.hangMs ?? 60_000).unref())
    return result
  }
  const known = (providerRef: string): TestAuthorization => {
    const found = store.get(keyOf(providerRef))
    if (!found) throw new Error(`test provider: no authorisation ${providerRef}`)
    return found
  }
  const refuse = (call: string) => () => {
    throw new Error(`test provider: ${call} declined`)
  }
  return {
    id: 'test',
    calls,
    script: (call, ...outcomes) => void queues[call].push(...outcomes),
    authorizations: () => store.all(),
    authorize: (request) =>
      scripted<AuthorizeResult>(
        'authorize',
        () => {
          if (!store.get(request.idempotencyKey))
            store.put({
              key: request.idempotencyKey,
              amount: request.amount,
              currency: request.currency,
              state: 'authorized',
              captured: 0,
              refunded: 0,
              moves: [],
            })
          return { outcome: 'authorized' as const, providerRef: `test:${request.idempotencyKey}` }
        },
        () => ({ outcome: 'declined' as const, reason: 'Card declined (scripted)' }),
      ),
    capture: (request) =>
      scripted(
        'capture',
        () => {
          const held = known(request.providerRef)
          if (held.moves.includes(request.idempotencyKey))
            return { providerRef: `test:${request.idempotencyKey}` }
          if (held.state === 'voided') throw new Error('test provider: authorisation voided')
          if (held.captured + request.amount > held.amount)
            throw new Error('test provider: capture exceeds the authorisation')
          store.put({
            ...held,
            state: 'captured',
            captured: held.captured + request.amount,
            moves: [...held.moves, request.idempotencyKey],
          })
          return { providerRef: `test:${request.idempotencyKey}` }
        },
        refuse('capture'),
      ),
    refund: (request) =>
      scripted(
        'refund',
        () => {
          const held = known(request.providerRef)
          if (held.moves.includes(request.idempotencyKey))
            return { providerRef: `test:${request.idempotencyKey}` }
          if (held.refunded + request.amount > held.captured)
            throw new Error('test provider: refund exceeds the capture')
          store.put({
            ...held,
            refunded: held.refunded + request.amount,
            moves: [...held.moves, request.idempotencyKey],
          })
          return { providerRef: `test:${request.idempotencyKey}` }
        },
        refuse('refund'),
      ),
    void: (request) =>
      scripted(
        'void',
        () => {
          const held = store.get(request.idempotencyKey)
          if (held?.state === 'authorized') store.put({ ...held, state: 'voided' })
        },
        refuse('void'),
      ),
    verifyWebhook: () => Promise.reject(new Error('The test provider has no webhooks')),
  }
}
