/** The request headers the resolver reads: a Fetch `Headers`, or anything with a `get`. */
export interface HeaderSource {
  /** The header's value (case-insensitive name), or `null`/`undefined` when absent. */
  get(name: string): string | null | undefined
}

/** A request, reduced to what tenant resolution needs; framework-free. */
export interface TenantRequest {
  readonly headers: HeaderSource
  /** The host the server saw, when not in the headers (e.g. from the URL); used after `Host`. */
  readonly host?: string | undefined
  /**
   * Whether this request came through a trusted proxy, so its `X-Forwarded-Host` and `Forwarded`
   * may be believed. When set, it overrides the resolver's `trustForwarded` for this request.
   */
  readonly viaTrustedProxy?: boolean | undefined
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"')
    ? value.slice(1, -1)
    : value
}

function forwardedHost(header: string): string | undefined {
  const [first = ''] = header.split(',')
  for (const pair of first.split(';')) {
    const [name = '', ...rest] = pair.split('=')
    if (name.trim().toLowerCase() === 'host') return unquote(rest.join('=').trim())
  }
  return undefined
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed === undefined || trimmed === '' ? undefined : trimmed
}

/**
 * The host a request was addressed to, as the original reads it: the first item of
 * `X-Forwarded-Host`, else the `host=` of the first `Forwarded` entry (quotes stripped), else
 * `Host`, else `request.host`; with the port removed (an IPv6 literal keeps its brackets). `undefined`
 * when there is none. Forwarded headers are only read when `trustForwarded` is true: set it only
 * behind a proxy that overwrites them.
 *
 * @example
 * ```ts
 * requestHost({ headers: new Headers({ host: 'Shop.Example.com:8080' }) }, true) // 'Shop.Example.com'
 * ```
 */
export function requestHost(request: TenantRequest, trustForwarded: boolean): string | undefined {
  const { headers } = request
  const raw =
    (trustForwarded ? nonEmpty(headers.get('x-forwarded-host')?.split(',')[0]) : undefined) ??
    (trustForwarded ? nonEmpty(forwardedHost(headers.get('forwarded') ?? '')) : undefined) ??
    nonEmpty(headers.get('host')) ??
    nonEmpty(request.host)
  if (raw === undefined) return undefined
  // An IPv6 literal keeps its brackets, so its colons are not taken for the port's.
  if (raw.startsWith('[')) return nonEmpty(raw.slice(0, raw.indexOf(']') + 1 || undefined))
  return nonEmpty(raw.split(':')[0])
}
