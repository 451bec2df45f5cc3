import { createEventDispatcher } from '@rustok/core-events'
import { describe, expect, it } from 'vitest'
import { dispatcherTransport } from './dispatcher-transport'
import { happened } from './internal/test-fixtures.test-helper'
import { isOutboxError } from './outbox-error'

describe('dispatcherTransport', () => {
  it('refuses a dispatcher that retries by itself, so every attempt is the relay’s and on the row', () => {
    const retrying = createEventDispatcher({ maxAttempts: 5 })
    let error: unknown
    try {
      dispatcherTransport(retrying)
    } catch (thrown) {
      error = thrown
    }
    expect(isOutboxError(error) && error.code).toBe('INVALID_INPUT')
    expect((error as Error).message).toMatch(/maxAttempts: 1/)
  })

  it('runs a failing handler once per delivery the relay makes', async () => {
    const dispatcher = createEventDispatcher({ maxAttempts: 1, sleep: () => Promise.resolve() })
    let runs = 0
    dispatcher.register({
      name: 'always-fails',
      types: ['thing.happened'],
      handle: () => {
        runs += 1
        return Promise.reject(new Error('down'))
      },
    })
    const transport = dispatcherTransport(dispatcher)
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await expect(transport.deliver(happened('a', attempt))).rejects.toThrow(/always-fails: down/)
    }
    expect(runs).toBe(3)
  })
})
