/**
 * Keys whose values never enter the audit log, at any depth. Audit rows are kept long and read by
 * operators, so a payload that ever carries a credential must not copy it there.
 */
const SECRET_KEY = /password|passwd|passphrase|secret|token|hash|credential|api_?key|private_?key/i

/**
 * The part of an event payload the audit log keeps: the payload with every secret-looking key
 * removed (recursively, through objects and arrays).
 *
 * @example
 * ```ts
 * auditSummary({ userId: 'u1', password: 'x', nested: { resetToken: 't' } })
 * // { userId: 'u1', nested: {} }
 * ```
 */
export function auditSummary(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map((item) => auditSummary(item))
  if (typeof payload !== 'object' || payload === null) return payload
  return Object.fromEntries(
    Object.entries(payload)
      .filter(([key]) => !SECRET_KEY.test(key))
      .map(([key, value]) => [key, auditSummary(value)]),
  )
}
