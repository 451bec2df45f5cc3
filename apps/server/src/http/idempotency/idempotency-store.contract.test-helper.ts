import { describe, expect, it } from 'vitest'
import type { IdempotencyScope, IdempotencyStore, StoredResponse } from './idempotency-store'

const T0 = 1_767_225_600_000
const LOCK = 60_000
const TTL = 86_400_000
let next = 0

/** A scope no other test uses, so one store can serve every test. */
const freshScope = (over: Partial<IdempotencyScope> = {}): IdempotencyScope => ({
  tenantId: 'tenant-a',
  principal: 'user-1',
  key: `key-${String(++next)}-${String(Math.random())}`,
  ...over,
})

const response = (text: string, status = 201): StoredResponse => ({
  status,
  headers: { 'content-type': 'application/json', location: `/things/${text}` },
  body: new TextEncoder().encode(JSON.stringify({ text })),
})

async function started(store: IdempotencyStore, scope: IdempotencyScope, now = T0) {
  const begun = await store.begin({ scope, fingerprint: 'fp-1', now, lockMs: LOCK })
  if (begun.outcome !== 'started') throw new Error(`expected started, got ${begun.outcome}`)
  return begun.token
}

/**
 * The behaviour every {@link IdempotencyStore} shares; run by the memory and the PostgreSQL
 * stores' tests.
 */
export function runIdempotencyStoreContract(name: string, store: () => IdempotencyStore): void {
  describe(`${name} (idempotency store contract)`, () => {
    it('starts a new key, then replays the completed response byte for byte', async () => {
      const s = store()
      const scope = freshScope()
      const token = await started(s, scope)
      await s.complete({ scope, token, response: response('one'), now: T0 + 10, ttlMs: TTL })
      const again = await s.begin({ scope, fingerprint: 'fp-1', now: T0 + 20, lockMs: LOCK })
      expect(again.outcome).toBe('replay')
      if (again.outcome !== 'replay') return
      expect(again.response.status).toBe(201)
      expect(again.response.headers).toEqual(response('one').headers)
      expect(new TextDecoder().decode(again.response.body)).toBe('{"text":"one"}')
    })

    it('answers mismatch for another fingerprint, running or completed', async () => {
      const s = store()
      const scope = freshScope()
      const token = await started(s, scope)
      const other = { scope, fingerprint: 'fp-2', now: T0 + 1, lockMs: LOCK }
      expect((await s.begin(other)).outcome).toBe('mismatch')
      await s.complete({ scope, token, response: response('x'), now: T0 + 2, ttlMs: TTL })
      expect((await s.begin({ ...other, now: T0 + 3 })).outcome).toBe('mismatch')
    })

    it('answers in-progress while the first request runs, and lets exactly one of many start', async () => {
      const s = store()
      const scope = freshScope()
      const begins = await Promise.all(
        Array.from({ length: 5 }, () =>
          s.begin({ scope, fingerprint: 'fp-1', now: T0, lockMs: LOCK }),
        ),
      )
      expect(begins.map((begun) => begun.outcome).sort()).toEqual([
        'in-progress',
        'in-progress',
        'in-progress',
        'in-progress',
        'started',
      ])
    })

    it('forgets a released key, so the request can run again', async () => {
      const s = store()
      const scope = freshScope()
      const token = await started(s, scope)
      await s.release({ scope, token })
      await started(s, scope, T0 + 1)
    })

    it('keeps keys of other tenants and other principals apart', async () => {
      const s = store()
      const scope = freshScope()
      const token = await started(s, scope)
      await s.complete({ scope, token, response: response('a'), now: T0, ttlMs: TTL })
      await started(s, { ...scope, tenantId: 'tenant-b' })
      await started(s, { ...scope, principal: 'user-2' })
      await started(s, { ...scope, principal: 'anonymous' })
    })

    it('ignores a completed record once its TTL has passed', async () => {
      const s = store()
      const scope = freshScope()
      const token = await started(s, scope)
      await s.complete({ scope, token, response: response('old'), now: T0, ttlMs: 1000 })
      expect(
        (await s.begin({ scope, fingerprint: 'fp-1', now: T0 + 999, lockMs: LOCK })).outcome,
      ).toBe('replay')
      const later = await s.begin({ scope, fingerprint: 'fp-2', now: T0 + 1000, lockMs: LOCK })
      expect(later.outcome).toBe('started')
    })

    it('lets a lapsed claim be taken over; the old owner can then neither complete nor release it', async () => {
      const s = store()
      const scope = freshScope()
      const stale = await started(s, scope)
      const fresh = await started(s, scope, T0 + LOCK)
      await s.complete({
        scope,
        token: stale,
        response: response('stale'),
        now: T0 + LOCK,
        ttlMs: TTL,
      })
      await s.release({ scope, token: stale })
      const running = await s.begin({
        scope,
        fingerprint: 'fp-1',
        now: T0 + LOCK + 1,
        lockMs: LOCK,
      })
      expect(running.outcome).toBe('in-progress')
      await s.complete({
        scope,
        token: fresh,
        response: response('fresh'),
        now: T0 + LOCK + 2,
        ttlMs: TTL,
      })
      const replayed = await s.begin({
        scope,
        fingerprint: 'fp-1',
        now: T0 + LOCK + 3,
        lockMs: LOCK,
      })
      expect(
        replayed.outcome === 'replay' && new TextDecoder().decode(replayed.response.body),
      ).toBe('{"text":"fresh"}')
    })

    it('does not release a completed record', async () => {
      const s = store()
      const scope = freshScope()
      const token = await started(s, scope)
      await s.complete({ scope, token, response: response('kept', 200), now: T0, ttlMs: TTL })
      await s.release({ scope, token })
      const again = await s.begin({ scope, fingerprint: 'fp-1', now: T0 + 1, lockMs: LOCK })
      expect(again.outcome === 'replay' && again.response.status).toBe(200)
    })

    it('replays an empty body', async () => {
      const s = store()
      const scope = freshScope()
      const token = await started(s, scope)
      const empty: StoredResponse = { status: 204, headers: {}, body: new Uint8Array() }
      await s.complete({ scope, token, response: empty, now: T0, ttlMs: TTL })
      const again = await s.begin({ scope, fingerprint: 'fp-1', now: T0 + 1, lockMs: LOCK })
      expect(again.outcome === 'replay' && again.response).toMatchObject({
        status: 204,
        headers: {},
      })
      expect(again.outcome === 'replay' && again.response.body.length).toBe(0)
    })
  })
}
