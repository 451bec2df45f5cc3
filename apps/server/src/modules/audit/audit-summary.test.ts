import { describe, expect, it } from 'vitest'
import { auditSummary } from './audit-summary'

describe('auditSummary', () => {
  it('keeps what an auditor needs', () => {
    const payload = {
      userId: 'u1',
      email: 'ann@acme.test',
      reason: 'INVALID_CREDENTIALS',
      ip: null,
    }
    expect(auditSummary(payload)).toEqual(payload)
  })

  it('drops secret-looking keys at any depth, whatever their case', () => {
    expect(
      auditSummary({
        userId: 'u1',
        password: 'hunter2',
        newPassword: 'hunter3',
        passwordHash: '$argon2id$…',
        refreshToken: 'r',
        clientSecret: 's',
        API_KEY: 'k',
        nested: { resetToken: 't', kept: 1 },
        list: [{ token: 't', id: 'a' }, 'plain'],
      }),
    ).toEqual({ userId: 'u1', nested: { kept: 1 }, list: [{ id: 'a' }, 'plain'] })
  })

  it('passes scalars and null through', () => {
    expect(auditSummary(null)).toBeNull()
    expect(auditSummary('text')).toBe('text')
    expect(auditSummary(3)).toBe(3)
  })
})
