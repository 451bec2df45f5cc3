import { problemResponse } from '@rustok/http'
import type { Context } from 'hono'

/** What the cart routes rely on of the auth module's services, when the app has it. */
export interface ShopperTokens {
  readonly accessTokens: {
    verify(
      token: string,
      expected: { tenantId: string },
    ): Promise<
      { readonly ok: true; readonly claims: { readonly sub: string } } | { readonly ok: false }
    >
  }
}

const BEARER = /^Bearer\s+([\w.~+/-]+=*)\s*$/i

/**
 * Who shops on a storefront route: the signed-in customer when the request carries a bearer token
 * (checked as the auth module checks it: signature, tenant, live session), else a guest (`null`).
 * A token that does not verify answers 401 — a shopper who meant to sign in is never silently
 * taken for a guest.
 */
export function shopperOf(
  auth: ShopperTokens | undefined,
): (c: Context, work: (customerId: string | null) => Promise<Response>) => Promise<Response> {
  return async (c, work) => {
    const header = c.req.header('authorization')
    if (header === undefined) return work(null)
    const match = BEARER.exec(header)
    const tenantId = c.get('tenantId' as never) as string
    const verified =
      match && auth ? await auth.accessTokens.verify(match[1] ?? '', { tenantId }) : undefined
    if (!verified?.ok)
      return problemResponse(
        c,
        { code: 'UNAUTHORIZED', detail: 'The access token is not valid here.' },
        { 'WWW-Authenticate': 'Bearer realm="rustok", error="invalid_token"' },
      )
    return work(verified.claims.sub)
  }
}
