import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONFIG_ENV_VARIABLES, coerceEnvValue } from './config-env'

describe('CONFIG_ENV_VARIABLES', () => {
  it('is documented, row for row, in the README', () => {
    const readme = readFileSync(new URL('README.md', import.meta.url), 'utf8')
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` +\| `([\w.]+)`/gm)].map(([, name, path]) => ({
      name,
      path,
    }))
    expect(rows).toEqual(CONFIG_ENV_VARIABLES.map(({ name, path }) => ({ name, path })))
  })
})

describe('coerceEnvValue', () => {
  it.each([
    ['integer', ' 42 ', 42],
    ['integer', '4.2', '4.2'],
    ['integer', '1e3', '1e3'],
    ['boolean', 'Yes', true],
    ['boolean', 'off', false],
    ['boolean', 'maybe', 'maybe'],
    ['list', 'header, host,', ['header', 'host']],
    ['path', 'data', '/srv/data'],
    ['path', '/abs', '/abs'],
    ['count-or-list', ' 2 ', 2],
    ['count-or-list', '10.0.0.0/8, ::1', ['10.0.0.0/8', '::1']],
    ['string', ' keep spaces ', ' keep spaces '],
  ] as const)('turns %s %j into %j', (kind, raw, expected) => {
    expect(coerceEnvValue(kind, raw, '/srv')).toEqual(expected)
  })
})
