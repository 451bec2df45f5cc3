import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { errorCatalogOf } from '@rustok/http'
import { describe, expect, it } from 'vitest'
import { serverModules } from '../modules/server-modules'
import { infrastructureErrors } from './infrastructure-errors'

const packagesDir = fileURLToPath(new URL('../../../../packages/', import.meta.url))
const configErrorFile = fileURLToPath(new URL('../config/config-error.ts', import.meta.url))

/** The quoted codes of each `XErrorCode` union (or `code = '…'`), read from its source. */
function errorCodesIn(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const union =
    /ErrorCode =(.*?)(?:\n\n|$)/s.exec(text)?.[1] ?? /code = ('[A-Z_]+')/.exec(text)?.[1]
  return [...(union ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] ?? '')
}

/** Every package error class file: `packages/*\/src/*-error.ts`. */
function packageErrorFiles(): string[] {
  return readdirSync(packagesDir).flatMap((name) => {
    const dir = `${packagesDir}${name}/src/`
    try {
      return readdirSync(dir)
        .filter((file) => file.endsWith('-error.ts'))
        .map((file) => dir + file)
    } catch {
      return []
    }
  })
}

const catalog = errorCatalogOf(serverModules(), infrastructureErrors)

describe("the server's error catalogue", () => {
  it('maps every code of every package error class, and the configuration error', () => {
    // Files named *-error.ts without a code union (handler-error.ts) define no error class.
    const withCodes = [...packageErrorFiles(), configErrorFile]
      .map((file) => ({ file, codes: errorCodesIn(file) }))
      .filter(({ codes }) => codes.length > 0)
    expect(withCodes.length).toBeGreaterThanOrEqual(10)
    expect(withCodes.map(({ file }) => file)).toContain(configErrorFile)
    for (const { file, codes } of withCodes) {
      expect(
        codes.filter((code) => !catalog.codes.includes(code)),
        file,
      ).toEqual([])
    }
  })

  it('trusts the code of every package error class by its name', () => {
    for (const name of [
      'CoreDbError',
      'CoreEventsError',
      'CoreCacheError',
      'CoreTenantError',
      'CoreAuthError',
      'OutboxError',
      'ContentError',
      'CommerceError',
      'IndexError',
      'ConfigError',
      'RequestValidationError',
    ]) {
      expect(catalog.errorNames.has(name), name).toBe(true)
    }
  })

  it.each([
    ['QUEUE_FULL', 503, true],
    ['CLOSED', 503, false],
    ['TOKEN_REUSED', 401, false],
    ['UNKNOWN_EVENT_TYPE', 500, false],
    ['INVALID_EVENT', 500, false],
    ['UNSUPPORTED_VERSION', 500, false],
    ['UNKNOWN_MIGRATION', 500, false],
    ['INVALID_CONFIG', 500, false],
  ] as const)('maps %s to %i (retryable: %s)', (code, status, retryable) => {
    expect(catalog.info(code)).toMatchObject({ code, status, retryable })
  })
})
