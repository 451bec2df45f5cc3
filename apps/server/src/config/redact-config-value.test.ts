import { describe, expect, it } from 'vitest'
import { redactConfigValue, redactUrlCredentials } from './redact-config-value'

describe('redactConfigValue', () => {
  it('hides secrets and anything that may contain one', () => {
    expect(redactConfigValue('auth.jwtSecret', 'hunter2')).toBe('[REDACTED]')
    expect(redactConfigValue('auth', 'hunter2')).toBe('[REDACTED]')
    expect(redactConfigValue('demo.adminPassword', 'pw')).toBe('[REDACTED]')
  })

  it('hides URL credentials, even with unescaped @ and / in the password', () => {
    expect(redactUrlCredentials('postgres://app:p@ss/w@db:5432/x')).toBe(
      'postgres://[REDACTED]@db:5432/x',
    )
    expect(redactConfigValue('redisUrl', 'redis://:pw@cache')).toBe('"redis://[REDACTED]@cache"')
    expect(redactConfigValue('natsUrl', 'nats://localhost')).toBe('"nats://localhost"')
  })

  it('shows plain values, names objects and cuts long strings', () => {
    expect(redactConfigValue('port', 8080)).toBe('8080')
    expect(redactConfigValue('tenancy.modes', ['header'])).toBe('a list')
    expect(redactConfigValue('database', { url: 'x' })).toBe('an object')
    expect(redactConfigValue('host', 'h'.repeat(200))).toHaveLength(83)
  })
})
