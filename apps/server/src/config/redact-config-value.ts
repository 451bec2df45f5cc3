import { SECRET_CONFIG_PATHS } from './server-config'

/** What is printed instead of a secret. */
export const REDACTED = '[REDACTED]'

const MAX_SHOWN = 80

/** Whether the value at `path` is, or may contain, a secret (`auth` contains `auth.jwtSecret`). */
export function isSecretConfigPath(path: string): boolean {
  return SECRET_CONFIG_PATHS.some(
    (secret) => path === '' || secret === path || secret.startsWith(`${path}.`),
  )
}

/**
 * Hides the credentials of every URL in a string: `postgres://app:pw@db/x` becomes
 * `postgres://[REDACTED]@db/x`. Everything up to the last `@` goes, so a password with an
 * unescaped `@` or `/` is hidden too.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/:\/\/\S*@/g, `://${REDACTED}@`)
}

/**
 * Renders a configuration value for an error message without leaking it: secrets become
 * {@link REDACTED}, URL credentials are removed, objects are only named, long values are cut.
 *
 * @example
 * ```ts
 * redactConfigValue('auth.jwtSecret', 'hunter2') // '[REDACTED]'
 * redactConfigValue('port', '99999') // '"99999"'
 * ```
 */
export function redactConfigValue(path: string, value: unknown): string {
  if (isSecretConfigPath(path)) return REDACTED
  if (typeof value === 'string') {
    const shown = redactUrlCredentials(value)
    return JSON.stringify(shown.length > MAX_SHOWN ? `${shown.slice(0, MAX_SHOWN)}…` : shown)
  }
  if (Array.isArray(value)) return 'a list'
  if (value !== null && typeof value === 'object') return 'an object'
  return String(value)
}
