import { describe, expect, it, vi } from 'vitest'
import { createEventDispatcher } from './event-dispatcher'
import { permanentError, transientError } from './handler-error'
import {
  at,
  created,
  deferred,
  deleted,
  noop,
  rejection,
  testDispatcher,
  tick,
} from './internal/dispatcher-fixtures.test-helper'
import type { Deferred } from './internal/dispatcher-fixtures.test-helper'

describe('createEventDispatcher: routing', () => {
  it('calls only the handlers of the type, and "*" handlers for everything', async () => {
    const { dispatcher } = testDispatcher()
    const calls: string[] = []
    dispatcher.register({
      name: 'on-created',
      types: ['thing.created'],
      handle: (envelope) => {
        calls.push(`on-created:${envelope.type}`)
        return Promise.resolve()
      },
    })
    dispatcher.register({
      name: 'audit',
      types: '*',
      handle: (envelope) => {
        calls.push(`audit:${envelope.type}`)
        return Promise.resolve()
      },
    })
    expect(await dispatcher.dispatch(deleted('1'))).toEqual({
      handled: ['audit'],
      deadLettered: [],
    })
    expect(await dispatcher.dispatch(created('2'))).toEqual({
      handled: ['on-created', 'audit'],
      deadLettered: [],
    })
    expect(calls).toEqual([
      'audit:thing.deleted',
      'on-created:thing.created',
      'audit:thing.created',
    ])
    expect(dispatcher.stats()).toMatchObject({ published: 2, handled: 3, failed: 0, depth: 0 })
  })

  it('resolves at once with nothing handled when no handler matches', async () => {
    const { dispatcher } = testDispatcher()
    expect(await dispatcher.dispatch(created('1'))).toEqual({ handled: [], deadLettered: [] })
  })

  it('throws DUPLICATE_HANDLER for a second handler with the same name', () => {
    const { dispatcher } = testDispatcher()
    const handler = { name: 'indexer', types: '*', handle: noop } as const
    dispatcher.register(handler)
    expect(() => dispatcher.register(handler)).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_HANDLER' }),
    )
  })

  it('throws INVALID_DEFINITION for a broken handler or options', () => {
    const { dispatcher } = testDispatcher()
    const handle = noop
    for (const handler of [
      { name: '', types: '*' as const, handle },
      { name: 'none', types: [], handle },
      { name: 'zero', types: '*' as const, handle, concurrency: 0 },
    ]) {
      expect(() => dispatcher.register(handler)).toThrow(
        expect.objectContaining({ code: 'INVALID_DEFINITION' }),
      )
    }
    expect(() => createEventDispatcher({ maxAttempts: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_DEFINITION' }),
    )
    expect(() => createEventDispatcher({ warningRatio: 0.9, criticalRatio: 0.9 })).toThrow(
      expect.objectContaining({ code: 'INVALID_DEFINITION' }),
    )
  })
})

describe('createEventDispatcher: concurrency', () => {
  it('never runs more than `concurrency` deliveries of a handler at once, in FIFO order', async () => {
    const { dispatcher } = testDispatcher()
    const gates = new Map<string, Deferred>()
    const started: string[] = []
    let running = 0
    let maxRunning = 0
    dispatcher.register({
      name: 'slow',
      types: ['thing.created'],
      concurrency: 2,
      handle: async (envelope) => {
        const { thingId } = envelope.payload as { thingId: string }
        started.push(thingId)
        running += 1
        maxRunning = Math.max(maxRunning, running)
        const gate = deferred()
        gates.set(thingId, gate)
        await gate.promise
        running -= 1
      },
    })
    const results = ['1', '2', '3', '4', '5'].map((id) => dispatcher.dispatch(created(id)))
    await tick()
    expect(started).toEqual(['1', '2'])
    expect(dispatcher.stats()).toMatchObject({ depth: 5, inFlight: { slow: 2 } })
    gates.get('2')?.resolve()
    await tick()
    expect(started).toEqual(['1', '2', '3'])
    for (const id of ['1', '3', '4', '5']) {
      gates.get(id)?.resolve()
      await tick()
    }
    await Promise.all(results)
    expect(started).toEqual(['1', '2', '3', '4', '5'])
    expect(maxRunning).toBe(2)
    expect(dispatcher.stats()).toMatchObject({ handled: 5, depth: 0, inFlight: { slow: 0 } })
  })

  it('keeps handlers independent: a slow handler does not hold back a fast one', async () => {
    const { dispatcher } = testDispatcher()
    const gate = deferred()
    const fast: string[] = []
    dispatcher.register({ name: 'slow', types: '*', handle: () => gate.promise })
    dispatcher.register({
      name: 'fast',
      types: '*',
      handle: (envelope) => {
        fast.push(envelope.id)
        return Promise.resolve()
      },
    })
    const pending = [created('1'), created('2')].map((envelope) => dispatcher.dispatch(envelope))
    await tick()
    expect(fast).toHaveLength(2)
    gate.resolve()
    await Promise.all(pending)
  })
})

describe('createEventDispatcher: retries and dead letters', () => {
  it('retries a transient error with the backoff policy, then succeeds once', async () => {
    const backoff = vi.fn((attempt: number) => attempt * 100)
    const { dispatcher, delays, deadLetters } = testDispatcher({ backoff })
    let calls = 0
    dispatcher.register({
      name: 'flaky',
      types: '*',
      handle: () => {
        calls += 1
        if (calls === 1) return Promise.reject(new Error('connection reset'))
        if (calls === 2) return Promise.reject(transientError('still warming up'))
        return Promise.resolve()
      },
    })
    expect(await dispatcher.dispatch(created('1'))).toEqual({
      handled: ['flaky'],
      deadLettered: [],
    })
    expect(calls).toBe(3)
    expect(backoff.mock.calls).toEqual([[1], [2]])
    expect(delays).toEqual([100, 200])
    expect(deadLetters).toEqual([])
    expect(dispatcher.stats()).toMatchObject({ handled: 1, failed: 2, retried: 2, deadLettered: 0 })
  })

  it('dead-letters a permanent error after one attempt, without waiting', async () => {
    const { dispatcher, delays, deadLetters } = testDispatcher()
    const error = permanentError('thing is gone')
    let calls = 0
    dispatcher.register({
      name: 'strict',
      types: '*',
      handle: () => {
        calls += 1
        return Promise.reject(error)
      },
    })
    const envelope = created('1')
    const result = await dispatcher.dispatch(envelope)
    expect(result).toEqual({
      handled: [],
      deadLettered: [{ handler: 'strict', error, attempts: 1 }],
    })
    expect(calls).toBe(1)
    expect(delays).toEqual([])
    expect(deadLetters).toEqual([
      { handler: 'strict', error, attempts: 1, envelope, deadLetteredAt: at },
    ])
    expect(dispatcher.stats()).toMatchObject({ failed: 1, retried: 0, deadLettered: 1 })
  })

  it('dead-letters after maxAttempts and calls onDeadLetter once', async () => {
    const onDeadLetter = vi.fn()
    const { dispatcher, delays } = testDispatcher({ maxAttempts: 3, onDeadLetter })
    const error = new Error('search is down')
    dispatcher.register({
      name: 'indexer',
      types: ['thing.created'],
      handle: () => Promise.reject(error),
    })
    dispatcher.register({ name: 'ok', types: '*', handle: noop })
    const envelope = created('1')
    const result = await dispatcher.dispatch(envelope)
    expect(result).toEqual({
      handled: ['ok'],
      deadLettered: [{ handler: 'indexer', error, attempts: 3 }],
    })
    expect(delays).toEqual([10, 20])
    expect(onDeadLetter).toHaveBeenCalledTimes(1)
    expect(onDeadLetter).toHaveBeenCalledWith({
      handler: 'indexer',
      envelope,
      error,
      attempts: 3,
      deadLetteredAt: at,
    })
    expect(dispatcher.stats()).toMatchObject({ handled: 1, failed: 3, retried: 2, deadLettered: 1 })
  })

  it('counts a handler that throws synchronously as a failed attempt', async () => {
    const { dispatcher } = testDispatcher({ maxAttempts: 2 })
    dispatcher.register({
      name: 'sync-thrower',
      types: '*',
      handle: () => {
        throw new Error('not even a promise')
      },
    })
    const result = await dispatcher.dispatch(created('1'))
    expect(result.deadLettered).toMatchObject([{ handler: 'sync-thrower', attempts: 2 }])
  })

  it('rejects the dispatch when onDeadLetter fails, so the caller keeps the event', async () => {
    const storeDown = new Error('dead-letter table unavailable')
    const { dispatcher } = testDispatcher({
      maxAttempts: 1,
      onDeadLetter: () => Promise.reject(storeDown),
    })
    dispatcher.register({
      name: 'failing',
      types: '*',
      handle: () => Promise.reject(new Error('x')),
    })
    expect(await rejection(dispatcher.dispatch(created('1')))).toBe(storeDown)
    expect(dispatcher.stats()).toMatchObject({ depth: 0, inFlight: { failing: 0 } })
  })
})
