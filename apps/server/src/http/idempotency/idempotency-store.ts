/** Who an `Idempotency-Key` belongs to: keys of different tenants or callers never meet. */
export interface IdempotencyScope {
  /** The resolved tenant, or `''` on a route without one. */
  readonly tenantId: string
  /** The signed-in user's id, `credential:<hash>` on a public route given a token, or `anonymous`. */
  readonly principal: string
  /** The header's value. */
  readonly key: string
}

/** The part of a response that a replay repeats. */
export interface StoredResponse {
  readonly status: number
  /** Only the headers that describe the result (`content-type`, `location`). */
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

/** What {@link IdempotencyStore.begin} found for a key. */
export type IdempotencyBegin =
  /** The key is new (or its record expired): the caller runs the request and owns `token`. */
  | { readonly outcome: 'started'; readonly token: string }
  /** The same request already completed: answer with its response. */
  | { readonly outcome: 'replay'; readonly response: StoredResponse }
  /** The same request is running elsewhere right now. */
  | { readonly outcome: 'in-progress' }
  /** The key was used for a different request (another method, path or body). */
  | { readonly outcome: 'mismatch' }

/** Input of {@link IdempotencyStore.begin}. */
export interface BeginInput {
  readonly scope: IdempotencyScope
  /** Hash of what the request asked for; a replay must match it. */
  readonly fingerprint: string
  readonly now: number
  /**
   * How long the claim holds while the request runs. A claim left by a crashed process lapses
   * after this, so the key does not stay blocked until the record's TTL.
   */
  readonly lockMs: number
}

/** Input of {@link IdempotencyStore.complete}. */
export interface CompleteInput {
  readonly scope: IdempotencyScope
  readonly token: string
  readonly response: StoredResponse
  readonly now: number
  /** How long the response is replayed. */
  readonly ttlMs: number
}

/**
 * Where `Idempotency-Key` records live. `begin` claims a key atomically: of concurrent requests
 * with one key, exactly one is `started`. The owner then calls `complete` with the response, or
 * `release` to forget the key (a failed request may be retried). `complete` and `release` with a
 * token whose claim lapsed and was taken over do nothing.
 */
export interface IdempotencyStore {
  begin(input: BeginInput): Promise<IdempotencyBegin>
  complete(input: CompleteInput): Promise<void>
  release(input: { readonly scope: IdempotencyScope; readonly token: string }): Promise<void>
}
