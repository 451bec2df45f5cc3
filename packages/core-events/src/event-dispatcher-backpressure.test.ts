import { describe, expect, it } from 'vitest'
import { isCoreEventsError } from './core-events-error'
import type { PressureChange } from './event-dispatcher'
import {
  created,
  deferred,
  noop,
  rejection,
  testDispatcher,
  tick,
} from './internal/dispatcher-fixtures.test-helper'

describe('createEventDispatcher: backpressure', () => {
  function blockedDispatcher(onPressure: (change: PressureChange) => void) {
    const gate = deferred()
    const { dispatcher } = testDispatcher({ queueCapacity: 10, onPressure })
    dispatcher.register({ name: 'blocked', types: '*', handle: () => gate.promise })
    return { dispatcher, gate }
  }

  it('refuses envelopes with QUEUE_FULL at the critical threshold and counts them', async () => {
    const { dispatcher, gate } = blockedDispatcher(() => undefined)
    const accepted = Array.from({ length: 9 }, (_, index) =>
      dispatcher.dispatch(created(String(index))),
    )
    const error = await rejection(dispatcher.dispatch(created('overflow')))
    expect(isCoreEventsError(error) && error.code).toBe('QUEUE_FULL')
    const admission = dispatcher.tryDispatch(created('again'))
    expect(admission).toEqual({ accepted: false, reason: 'QUEUE_FULL', depth: 9 })
    expect(dispatcher.stats()).toMatchObject({ published: 9, rejected: 2, depth: 9 })
    gate.resolve()
    await Promise.all(accepted)
    await expect(dispatcher.dispatch(created('later'))).resolves.toMatchObject({
      handled: ['blocked'],
    })
  })

  it('reports warning, critical and back to normal once per level change', async () => {
    const changes: PressureChange[] = []
    const { dispatcher, gate } = blockedDispatcher((change) => changes.push(change))
    const accepted = Array.from({ length: 9 }, (_, index) =>
      dispatcher.dispatch(created(String(index))),
    )
    expect(changes).toEqual([
      { level: 'warning', depth: 7, capacity: 10 },
      { level: 'critical', depth: 9, capacity: 10 },
    ])
    gate.resolve()
    await Promise.all(accepted)
    expect(changes.slice(2)).toEqual([
      { level: 'warning', depth: 8, capacity: 10 },
      { level: 'normal', depth: 6, capacity: 10 },
    ])
  })

  it('counts one delivery per matching handler against the capacity', async () => {
    const gate = deferred()
    const { dispatcher } = testDispatcher({ queueCapacity: 4, warningRatio: 0.5, criticalRatio: 1 })
    for (const name of ['a', 'b', 'c']) {
      dispatcher.register({ name, types: '*', handle: () => gate.promise })
    }
    const first = dispatcher.dispatch(created('1'))
    expect(dispatcher.stats().depth).toBe(3)
    expect(dispatcher.tryDispatch(created('2'))).toMatchObject({
      accepted: false,
      reason: 'QUEUE_FULL',
    })
    gate.resolve()
    await first
  })
})

describe('createEventDispatcher: drain and close', () => {
  it('close() refuses new envelopes with CLOSED and waits for in-flight work', async () => {
    const { dispatcher } = testDispatcher()
    const gate = deferred()
    let finished = false
    dispatcher.register({
      name: 'slow',
      types: '*',
      handle: async () => {
        await gate.promise
        finished = true
      },
    })
    const inFlight = dispatcher.dispatch(created('1'))
    let closed = false
    const closing = dispatcher.close().then(() => {
      closed = true
    })
    const error = await rejection(dispatcher.dispatch(created('2')))
    expect(isCoreEventsError(error) && error.code).toBe('CLOSED')
    expect(() => dispatcher.register({ name: 'late', types: '*', handle: noop })).toThrow(
      expect.objectContaining({ code: 'CLOSED' }),
    )
    await tick()
    expect(closed).toBe(false)
    gate.resolve()
    await closing
    expect(finished).toBe(true)
    await expect(inFlight).resolves.toEqual({ handled: ['slow'], deadLettered: [] })
    expect(dispatcher.stats()).toMatchObject({ published: 1, rejected: 0, depth: 0 })
  })

  it('drain() resolves at once when idle and after retries otherwise', async () => {
    let release: () => void = () => undefined
    const { dispatcher } = testDispatcher({
      sleep: () =>
        new Promise<void>((resolve) => {
          release = resolve
        }),
    })
    await dispatcher.drain()
    let calls = 0
    dispatcher.register({
      name: 'flaky',
      types: '*',
      handle: () => {
        calls += 1
        return calls === 1 ? Promise.reject(new Error('once')) : Promise.resolve()
      },
    })
    const result = dispatcher.dispatch(created('1'))
    let drained = false
    const draining = dispatcher.drain().then(() => {
      drained = true
    })
    await tick()
    expect(drained).toBe(false)
    expect(dispatcher.stats()).toMatchObject({ depth: 1, retried: 1, inFlight: { flaky: 1 } })
    release()
    await draining
    await expect(result).resolves.toEqual({ handled: ['flaky'], deadLettered: [] })
  })
})
