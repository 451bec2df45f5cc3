import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CoreAuthErrorCode } from '@rustok/core-auth'
import type { CoreCacheErrorCode } from '@rustok/core-cache'
import type { CoreDbErrorCode } from '@rustok/core-db'
import type { CoreEventsErrorCode } from '@rustok/core-events'
import type { CoreTenantErrorCode } from '@rustok/core-tenant'
import type { OutboxErrorCode } from '@rustok/outbox'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { ConfigError } from '../config/config-error'
import { ERROR_CODES, errorCodeForStatus, errorCodeInfo, isErrorCode } from './error-codes'
import type { ErrorCode } from './error-codes'

const packagesDir = fileURLToPath(new URL('../../../../packages/', import.meta.url))

/** The quoted codes of each package's `XErrorCode` union, read from its source. */
function packageErrorCodes(): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const name of readdirSync(packagesDir)) {
    const dir = `${packagesDir}${name}/src/`
    let files: string[]
    try {
      files = readdirSync(dir).filter((file) => file.endsWith('-error.ts'))
    } catch {
      continue
    }
    for (const file of files) {
      const union = /ErrorCode =(.*?)(?:\n\n|$)/s.exec(readFileSync(dir + file, 'utf8'))
      if (union?.[1])
        found.set(
          file,
          [...union[1].matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] ?? ''),
        )
    }
  }
  return found
}

describe('ERROR_CODES', () => {
  it('covers every code of every package error class (types)', () => {
    expectTypeOf<CoreAuthErrorCode>().toExtend<ErrorCode>()
    expectTypeOf<CoreCacheErrorCode>().toExtend<ErrorCode>()
    expectTypeOf<CoreDbErrorCode>().toExtend<ErrorCode>()
    expectTypeOf<CoreEventsErrorCode>().toExtend<ErrorCode>()
    expectTypeOf<CoreTenantErrorCode>().toExtend<ErrorCode>()
    expectTypeOf<OutboxErrorCode>().toExtend<ErrorCode>()
    expectTypeOf<ConfigError['code']>().toExtend<ErrorCode>()
  })

  it('covers every code found in packages/*/src/*-error.ts', () => {
    const found = packageErrorCodes()
    expect(found.size).toBeGreaterThanOrEqual(9)
    expect(found.get('core-db-error.ts')).toContain('UNKNOWN_MIGRATION')
    expect(found.get('core-events-error.ts')).toContain('QUEUE_FULL')
    for (const [file, codes] of found) {
      expect(codes.length, file).toBeGreaterThan(0)
      expect(
        codes.filter((code) => !isErrorCode(code)),
        file,
      ).toEqual([])
    }
  })

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
    ['QUEUE_FULL', 503, true],
    ['CLOSED', 503, false],
    ['TOKEN_REUSED', 401, false],
    ['UNKNOWN_EVENT_TYPE', 400, false],
    ['INVALID_EVENT', 400, false],
    ['UNKNOWN_MIGRATION', 500, false],
    ['INTERNAL', 500, false],
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
