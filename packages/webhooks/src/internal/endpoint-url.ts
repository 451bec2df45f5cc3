import { isIP } from 'node:net'
import type { AddressPolicy } from '../address-policy'
import { WebhookError } from '../webhook-error'

const invalid = (message: string): WebhookError =>
  new WebhookError('INVALID_INPUT', `url: ${message}`, { errors: [{ path: 'url', message }] })

/**
 * Checks an endpoint URL when it is saved: absolute, `https:` (or `http:` when allowed), no
 * credentials, and not an IP literal the guard refuses. Host names are checked when a delivery
 * connects (their addresses may change).
 */
export function checkEndpointUrl(
  text: string,
  rules: { readonly policy: AddressPolicy; readonly allowHttp: boolean },
): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw invalid('must be an absolute URL')
  }
  if (url.protocol !== 'https:' && !(rules.allowHttp && url.protocol === 'http:'))
    throw invalid(rules.allowHttp ? 'must be an http or https URL' : 'must be an https URL')
  if (url.username !== '' || url.password !== '') throw invalid('must not carry credentials')
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) !== 0) {
    const refusal = rules.policy.refusal(host)
    if (refusal) throw invalid(`is not allowed: ${refusal}`)
  }
  return url.href
}
