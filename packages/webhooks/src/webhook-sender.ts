import { lookup as dnsLookup } from 'node:dns/promises'
import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import type { AddressPolicy } from './address-policy'

/** At most this much of a response body is kept in the delivery log. */
export const RESPONSE_EXCERPT_BYTES = 1024

/** Resolves a host name to every address it has (the SSRF guard checks them all). */
export type Resolver = (
  hostname: string,
) => Promise<readonly { readonly address: string; readonly family: number }[]>

/** One HTTP request of a delivery. */
export interface WebhookRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What an attempt got back: a response, or none (`error` says why). */
export type WebhookResponse =
  | {
      readonly ok: true
      readonly status: number
      /** `Retry-After`, as sent. */
      readonly retryAfter: string | null
      readonly excerpt: string
    }
  | {
      readonly ok: false
      /** `refused`: the SSRF guard refused the destination; never retried differently. */
      readonly kind: 'network' | 'timeout' | 'refused'
      readonly error: string
    }

/** Sends one signed delivery; never throws for the far side's failures. */
export type WebhookSender = (request: WebhookRequest) => Promise<WebhookResponse>

/** Options for {@link createWebhookSender}. */
export interface WebhookSenderOptions {
  readonly policy: AddressPolicy
  /** Whole-request limit (connect, send, first bytes of the answer). Default 10 s. */
  readonly timeoutMs?: number
  /** Default: the system resolver (`dns.lookup`, every address). */
  readonly resolve?: Resolver
}

class RefusedError extends Error {}

/**
 * A `lookup` for `net.connect` that resolves the host, refuses it when any address is refused by
 * the policy, and hands back exactly the addresses it checked — the socket connects to one of them,
 * so a DNS answer that changes between the check and the connect is never used unchecked.
 */
function guardedLookup(policy: AddressPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = addresses.filter((a) => !options.family || a.family === options.family)
        const refusal = wanted.map((a) => policy.refusal(a.address)).find((r) => r !== null)
        if (wanted.length === 0) return callback(new Error(`${hostname} has no address`), '', 0)
        if (refusal) return callback(new RefusedError(`${hostname}: ${refusal}`), '', 0)
        if (options.all)
          return callback(
            null,
            wanted.map((a) => ({ ...a })),
          )
        const first = wanted[0]!
        callback(null, first.address, first.family)
      },
      (error: Error) => callback(error, '', 0),
    )
  }
}

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

/** Reads at most {@link RESPONSE_EXCERPT_BYTES} of a body, then lets the rest go. */
function excerptOf(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () =>
      resolve(Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8'))
    response.on('data', (chunk: Buffer) => {
      if (size >= RESPONSE_EXCERPT_BYTES) return
      chunks.push(chunk)
      size += chunk.length
      if (size >= RESPONSE_EXCERPT_BYTES) {
        response.destroy()
        done()
      }
    })
    response.on('end', done)
    response.on('error', done)
    response.on('close', done)
  })
}

/**
 * The delivery worker's HTTP client behind the SSRF guard: `node:http(s)` with a pinned,
 * checked `lookup`, IP literals checked before connecting, no redirects followed (a 3xx is the
 * answer), and one deadline for the whole request.
 *
 * @example
 * ```ts
 * const send = createWebhookSender({ policy: createAddressPolicy(), timeoutMs: 5_000 })
 * const response = await send({ url: 'https://example.com/hook', headers: {}, body: '{}' })
 * ```
 */
export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { policy, timeoutMs = 10_000, resolve = systemResolver } = options
  const lookup = guardedLookup(policy, resolve)
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
  }
  return (request) => {
    const url = new URL(request.url)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    if (isIP(host) !== 0) {
      const refusal = policy.refusal(host)
      if (refusal) return Promise.resolve({ ok: false, kind: 'refused', error: refusal })
    }
    const client = url.protocol === 'https:' ? https : http
    const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:']
    return new Promise<WebhookResponse>((settle) => {
      const req = client.request(url, {
        method: 'POST',
        agent,
        lookup,
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
        },
        signal: AbortSignal.timeout(timeoutMs),
      })
      req.on('response', (response) => {
        excerptOf(response).then(
          (excerpt) => {
            const retryAfter = response.headers['retry-after']
            settle({
              ok: true,
              status: response.statusCode ?? 0,
              retryAfter: retryAfter ?? null,
              excerpt,
            })
          },
          () => undefined,
        )
      })
      req.on('error', (error: Error) => {
        const kind =
          error instanceof RefusedError
            ? 'refused'
            : error.name === 'AbortError'
              ? 'timeout'
              : 'network'
        settle({
          ok: false,
          kind,
          error: kind === 'timeout' ? `no answer within ${timeoutMs} ms` : error.message,
        })
      })
      req.end(request.body)
    })
  }
}
