import { describe, expect, it } from 'vitest'
import { CoreEventsError } from './core-events-error'
import { isPermanentError, permanentError, transientError } from './handler-error'

describe('handler errors', () => {
  it('marks permanent errors and keeps the cause', () => {
    const cause = new Error('row gone')
    const error = permanentError('node is gone', { cause })
    expect(error.code).toBe('HANDLER_PERMANENT')
    expect(error.cause).toBe(cause)
    expect(isPermanentError(error)).toBe(true)
  })

  it('treats transient and unknown errors as transient', () => {
    expect(isPermanentError(transientError('try later'))).toBe(false)
    expect(transientError('try later').code).toBe('HANDLER_TRANSIENT')
    expect(isPermanentError(new Error('boom'))).toBe(false)
    expect(isPermanentError('a string')).toBe(false)
    expect(isPermanentError(undefined)).toBe(false)
  })

  it('treats envelopes the catalogue cannot decode as permanent', () => {
    expect(isPermanentError(new CoreEventsError('INVALID_EVENT', 'bad payload'))).toBe(true)
    expect(isPermanentError(new CoreEventsError('UNKNOWN_EVENT_TYPE', 'no such type'))).toBe(true)
    expect(isPermanentError(new CoreEventsError('QUEUE_FULL', 'busy'))).toBe(false)
  })
})
