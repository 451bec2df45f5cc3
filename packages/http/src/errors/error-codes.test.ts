import { describe, expect, it } from 'vitest'
import { ERROR_CODES, errorCodeForStatus, errorCodeInfo } from './error-codes'

describe('ERROR_CODES', () => {
  it.each([
    ['NOT_FOUND', 404, false],
    ['CONFLICT', 409, false],
    ['INVALID_INPUT', 400, false],
    ['UNAUTHORIZED', 401, false],
    ['FORBIDDEN', 403, false],
    ['PRECONDITION_FAILED', 412, false],
    ['RATE_LIMITED', 429, true],
    ['PAYLOAD_TOO_LARGE', 413, false],
    ['IDEMPOTENCY_KEY_REUSED', 422, false],
    ['INTERNAL', 500, false],
    ['DATABASE_UNAVAILABLE', 503, true],
  ] as const)('maps %s to %i (retryable: %s)', (code, status, retryable) => {
    expect(errorCodeInfo(code)).toMatchObject({ code, status, retryable })
  })

  it('resolves unknown codes to INTERNAL 500', () => {
    expect(errorCodeInfo('ECONNREFUSED')).toMatchObject({ code: 'INTERNAL', status: 500 })
    expect(errorCodeInfo('toString')).toMatchObject({ code: 'INTERNAL', status: 500 })
    expect(errorCodeInfo(undefined).code).toBe('INTERNAL')
  })

  it('finds a code for a bare status', () => {
    expect(errorCodeForStatus(400)).toBe('BAD_REQUEST')
    expect(errorCodeForStatus(401)).toBe('UNAUTHORIZED')
    expect(errorCodeForStatus(413)).toBe('PAYLOAD_TOO_LARGE')
    expect(errorCodeForStatus(422)).toBe('UNPROCESSABLE')
    expect(errorCodeForStatus(503)).toBe('SERVICE_UNAVAILABLE')
    expect(errorCodeForStatus(418)).toBe('BAD_REQUEST')
    expect(errorCodeForStatus(502)).toBe('INTERNAL')
  })

  it('titles every row', () => {
    for (const [code, row] of Object.entries(ERROR_CODES)) {
      expect(row.title, code).not.toBe('')
      expect(row.status >= 400 && row.status <= 599, code).toBe(true)
    }
  })
})
