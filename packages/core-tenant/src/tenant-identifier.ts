/**
 * The 41 slugs no tenant may take (original §4.3): they collide with infrastructure host names
 * and routes.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'api',
  'admin',
  'www',
  'app',
  'cdn',
  'assets',
  'static',
  'health',
  'metrics',
  'docs',
  'swagger',
  'mail',
  'smtp',
  'pop',
  'imap',
  'ftp',
  'sftp',
  'ssh',
  'vpn',
  'auth',
  'login',
  'logout',
  'register',
  'signup',
  'signin',
  'dev',
  'test',
  'staging',
  'prod',
  'production',
  'localhost',
  'db',
  'database',
  'cache',
  'redis',
  'postgres',
  'root',
  'system',
  'internal',
  'private',
  'public',
])

/** How a tenant is named in a request: by id, by slug or by its own domain. */
export type IdentifierKind = 'uuid' | 'slug' | 'host'

/** Why an identifier was rejected; each reason has a fixed message (original §4.3). */
export type IdentifierErrorReason =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'INVALID_CHARACTERS'
  | 'RESERVED'
  | 'INVALID_UUID'
  | 'HOSTNAME_TOO_LONG'
  | 'INVALID_HOSTNAME'
  | 'NOT_A_TENANT_HOST'

/** A rejected identifier: the reason and its human-readable message. */
export interface IdentifierError {
  readonly ok: false
  readonly reason: IdentifierErrorReason
  readonly message: string
}

/** A normalised identifier together with its kind. */
export interface TenantIdentifier {
  readonly kind: IdentifierKind
  /** Trimmed and lowercased; for a host also without a port. */
  readonly value: string
}

/** The outcome of validating one identifier. */
export type IdentifierResult = ({ readonly ok: true } & TenantIdentifier) | IdentifierError

const SLUG_MAX_BYTES = 64
const HOST_MAX_LENGTH = 253
const LABEL_MAX_LENGTH = 63
const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const HOST_CHARS = /^[a-z0-9.-]+$/
const encoder = new TextEncoder()

function fail(reason: IdentifierErrorReason, message: string): IdentifierError {
  return { ok: false, reason, message }
}

function normalise(raw: string): string {
  return raw.trim().toLowerCase()
}

/**
 * Validates and normalises a tenant slug: trimmed, lowercased, 1–63 characters of `a-z0-9-`
 * starting with a letter or digit, and not one of {@link RESERVED_SLUGS}.
 *
 * @example
 * ```ts
 * validateSlug(' Acme-Shop ') // { ok: true, kind: 'slug', value: 'acme-shop' }
 * validateSlug('admin') // { ok: false, reason: 'RESERVED', message: "Identifier 'admin' is reserved and cannot be used" }
 * ```
 */
export function validateSlug(raw: string): IdentifierResult {
  const value = normalise(raw)
  if (value === '') return fail('EMPTY', 'Identifier cannot be empty')
  if (encoder.encode(value).length > SLUG_MAX_BYTES) {
    return fail('TOO_LONG', `Identifier is too long (max ${SLUG_MAX_BYTES} characters)`)
  }
  if (!SLUG_PATTERN.test(value)) {
    return fail(
      'INVALID_CHARACTERS',
      'Identifier contains invalid characters (only lowercase alphanumeric and hyphens allowed)',
    )
  }
  if (RESERVED_SLUGS.has(value)) {
    return fail('RESERVED', `Identifier '${value}' is reserved and cannot be used`)
  }
  return { ok: true, kind: 'slug', value }
}

/**
 * Validates and normalises a UUID (any version): trimmed and lowercased, in the hyphenated form.
 *
 * @example
 * ```ts
 * validateUuid('6F9619FF-8B86-D011-B42D-00C04FC964FF').ok // true
 * ```
 */
export function validateUuid(raw: string): IdentifierResult {
  const value = normalise(raw)
  if (value === '') return fail('EMPTY', 'Identifier cannot be empty')
  if (!UUID_PATTERN.test(value)) return fail('INVALID_UUID', 'Invalid UUID format')
  return { ok: true, kind: 'uuid', value }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

/**
 * Whether a host names a machine rather than a site: an IP address (IPv4, or IPv6 with or without
 * brackets) or `localhost`. Such a host is never a tenant's: a request to `127.0.0.1:3000` names
 * no tenant, and no tenant can take one as its domain.
 *
 * @example
 * ```ts
 * isMachineHost('127.0.0.1') // true
 * isMachineHost('shop.example.com') // false
 * ```
 */
export function isMachineHost(raw: string): boolean {
  const value = normalise(raw).replace(/\.$/, '')
  return value === 'localhost' || IPV4.test(value) || value.includes(':') || value.startsWith('[')
}

/**
 * Validates and normalises a host name: trimmed and lowercased, at most 253 characters of
 * `a-z0-9.-`, every dot-separated label 1–63 characters and not starting or ending with `-`, and
 * not a machine's name ({@link isMachineHost}: an IP address or `localhost`). Strip the port
 * first (see `requestHost`).
 *
 * @example
 * ```ts
 * validateHost('Shop.Example.COM') // { ok: true, kind: 'host', value: 'shop.example.com' }
 * ```
 */
export function validateHost(raw: string): IdentifierResult {
  const value = normalise(raw)
  if (value === '') return fail('EMPTY', 'Identifier cannot be empty')
  if (value.length > HOST_MAX_LENGTH) {
    return fail('HOSTNAME_TOO_LONG', `Hostname is too long (max ${HOST_MAX_LENGTH} characters)`)
  }
  const labelsOk = value
    .split('.')
    .every(
      (label) =>
        label.length > 0 &&
        label.length <= LABEL_MAX_LENGTH &&
        !label.startsWith('-') &&
        !label.endsWith('-'),
    )
  if (!HOST_CHARS.test(value) || !labelsOk)
    return fail('INVALID_HOSTNAME', 'Invalid hostname format')
  if (isMachineHost(value)) {
    return fail('NOT_A_TENANT_HOST', 'An IP address or localhost cannot name a tenant')
  }
  return { ok: true, kind: 'host', value }
}

/**
 * Classifies a raw identifier as the original does: the UUID pattern (after trim and lowercase)
 * makes it a uuid, a `.` makes it a host, anything else is a slug; then validates it as that kind.
 *
 * @example
 * ```ts
 * classifyIdentifier('acme') // { ok: true, kind: 'slug', value: 'acme' }
 * classifyIdentifier('shop.example.com') // { ok: true, kind: 'host', value: 'shop.example.com' }
 * ```
 */
export function classifyIdentifier(raw: string): IdentifierResult {
  const value = normalise(raw)
  if (UUID_PATTERN.test(value)) return validateUuid(value)
  if (value.includes('.')) return validateHost(value)
  return validateSlug(value)
}
