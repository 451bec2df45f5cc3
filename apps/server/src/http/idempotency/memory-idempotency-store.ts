import { randomUUID } from 'node:crypto'
import type { IdempotencyScope, IdempotencyStore, StoredResponse } from './idempotency-store'

interface Entry {
  readonly fingerprint: string
  readonly token: string
  expiresAt: number
  response?: StoredResponse
}

/** An {@link IdempotencyStore} in this process, with the number of records it holds. */
export interface MemoryIdempotencyStore extends IdempotencyStore {
  readonly size: number
}

const entryKey = (scope: IdempotencyScope): string =>
  JSON.stringify([scope.tenantId, scope.principal, scope.key])

/**
 * Records in this process: for tests and a single instance without a database. Expired records
 * are dropped at most once per `pruneEveryMs`, as requests come in.
 *
 * @example
 * ```ts
 * app.post('/orders', idempotency({ store: createMemoryIdempotencyStore() }), createOrder)
 * ```
 */
export function createMemoryIdempotencyStore({
  pruneEveryMs = 60_000,
}: { readonly pruneEveryMs?: number } = {}): MemoryIdempotencyStore {
  const entries = new Map<string, Entry>()
  let lastPrune = 0
  const prune = (now: number): void => {
    if (now - lastPrune < pruneEveryMs) return
    lastPrune = now
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key)
  }
  const owned = (scope: IdempotencyScope, token: string): Entry | undefined => {
    const entry = entries.get(entryKey(scope))
    return entry?.token === token ? entry : undefined
  }
  return {
    // eslint-disable-next-line no-restricted-syntax -- built once per instance, not per request (ADR 0040)
    get size() {
      return entries.size
    },
    begin({ scope, fingerprint, now, lockMs }) {
      prune(now)
      const key = entryKey(scope)
      const entry = entries.get(key)
      if (entry && entry.expiresAt > now) {
        if (entry.fingerprint !== fingerprint) return Promise.resolve({ outcome: 'mismatch' })
        if (!entry.response) return Promise.resolve({ outcome: 'in-progress' })
        return Promise.resolve({ outcome: 'replay', response: entry.response })
      }
      const token = randomUUID()
      entries.set(key, { fingerprint, token, expiresAt: now + lockMs })
      return Promise.resolve({ outcome: 'started', token })
    },
    complete({ scope, token, response, now, ttlMs }) {
      const entry = owned(scope, token)
      if (entry && !entry.response) {
        entry.response = { ...response, body: response.body.slice() }
        entry.expiresAt = now + ttlMs
      }
      return Promise.resolve()
    },
    release({ scope, token }) {
      const entry = owned(scope, token)
      // A completed record stays: only a claim still running is given up.
      if (entry && !entry.response) entries.delete(entryKey(scope))
      return Promise.resolve()
    },
  }
}
