import { describe, expect, it } from 'vitest'
import { createErrorCatalog, defineErrorCodes } from './error-catalog'
import { errorRow } from './error-codes'

const AUTH = defineErrorCodes({ TOKEN_REUSED: errorRow(401, 'Refresh Token Reused') })

describe('createErrorCatalog', () => {
  it('adds a module’s codes after the shared ones, and trusts its error names', () => {
    const catalog = createErrorCatalog([{ codes: AUTH, errorNames: ['CoreAuthError'] }])
    expect(catalog.codes[0]).toBe('NOT_FOUND')
    expect(catalog.codes.at(-1)).toBe('TOKEN_REUSED')
    expect(catalog.info('TOKEN_REUSED')).toEqual({
      code: 'TOKEN_REUSED',
      status: 401,
      title: 'Refresh Token Reused',
      retryable: false,
    })
    expect(catalog.errorNames.has('CoreAuthError')).toBe(true)
    expect(catalog.errorNames.has('RequestValidationError')).toBe(true)
  })

  it('resolves an unknown code to INTERNAL 500', () => {
    const catalog = createErrorCatalog()
    expect(catalog.info('TOKEN_REUSED')).toMatchObject({ code: 'INTERNAL', status: 500 })
    expect(catalog.info('toString')).toMatchObject({ code: 'INTERNAL', status: 500 })
    expect(catalog.info(undefined).code).toBe('INTERNAL')
  })

  it('refuses one code defined twice with different rows', () => {
    expect(() =>
      createErrorCatalog([{ codes: { NOT_FOUND: errorRow(410, 'Gone Instead') } }]),
    ).toThrow(/NOT_FOUND is defined twice/)
    expect(() => createErrorCatalog([{ codes: AUTH }, { codes: AUTH }])).not.toThrow()
  })

  it('gives each defined code its own name, ready to spread into a problem', () => {
    expect(AUTH.TOKEN_REUSED.code).toBe('TOKEN_REUSED')
  })
})
