import { describe, expect, it } from 'vitest'
import { problem } from './problem'

describe('problem', () => {
  it('fills status, title and retryable from the code, and omits absent members', () => {
    expect(problem({ code: 'RATE_LIMITED' })).toEqual({
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      code: 'RATE_LIMITED',
      retryable: true,
    })
    expect(problem({ code: 'CONFLICT', errors: [], detail: undefined })).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      code: 'CONFLICT',
    })
  })

  it('keeps explicit members', () => {
    const errors = [{ path: 'body.email', message: 'taken' }]
    expect(
      problem({
        code: 'UNPROCESSABLE',
        title: 'Nope',
        detail: 'd',
        errors,
        traceId: 't',
        instance: '/x',
      }),
    ).toEqual({
      type: 'about:blank',
      title: 'Nope',
      status: 422,
      code: 'UNPROCESSABLE',
      detail: 'd',
      instance: '/x',
      traceId: 't',
      errors,
    })
  })
})
