import { randomBytes } from 'node:crypto'
import { errors, jwtVerify, SignJWT } from 'jose'
import type { Kysely } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import type { PagesTables } from './pages-tables'

/** How long a preview token lives by default, and at most. */
export const PREVIEW_TTL_SECONDS = { default: 900, max: 86_400 } as const

/** The tenant's signing key, made on first use (a racing first use keeps the first key). */
async function tenantKey(deps: ResolvedContentDeps, tenantId: string): Promise<Uint8Array> {
  const db = deps.db as unknown as Kysely<PagesTables>
  await db
    .insertInto('content_page_preview_keys')
    .values({ tenant_id: tenantId, secret: randomBytes(32), created_at: deps.now() })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute()
  const row = await db
    .selectFrom('content_page_preview_keys')
    .select('secret')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow()
  return new Uint8Array(row.secret)
}

/**
 * A short-lived token to preview page `pageId` of the tenant, drafts included: an HS256 JWT
 * signed with the tenant's own key, naming the tenant and the page. It works for that tenant and
 * page only, until it expires.
 */
export async function issuePreviewToken(
  deps: ResolvedContentDeps,
  page: { readonly tenantId: string; readonly pageId: string },
  ttlSeconds: number = PREVIEW_TTL_SECONDS.default,
): Promise<{ readonly token: string; readonly expiresAt: string }> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > PREVIEW_TTL_SECONDS.max)
    throw new ContentError('INVALID_INPUT', 'ttlSeconds out of range', {
      errors: [{ path: 'ttlSeconds', message: `must be 1 to ${PREVIEW_TTL_SECONDS.max}` }],
    })
  const now = Math.floor(deps.now().getTime() / 1000)
  const token = await new SignJWT({ tid: page.tenantId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(page.pageId)
    .setAudience('rustok:page-preview')
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(await tenantKey(deps, page.tenantId))
  return { token, expiresAt: new Date((now + ttlSeconds) * 1000).toISOString() }
}

/** The page a preview token opens for this tenant; `UNAUTHORIZED` for any other token. */
export async function verifyPreviewToken(
  deps: ResolvedContentDeps,
  tenantId: string,
  token: string,
): Promise<string> {
  const refused = (reason: string): ContentError =>
    new ContentError('UNAUTHORIZED', `Preview token refused: ${reason}`)
  try {
    const { payload } = await jwtVerify(token, await tenantKey(deps, tenantId), {
      algorithms: ['HS256'],
      audience: 'rustok:page-preview',
      currentDate: deps.now(),
    })
    if (payload.tid !== tenantId || typeof payload.sub !== 'string')
      throw refused('not for this tenant')
    return payload.sub
  } catch (error) {
    if (error instanceof ContentError) throw error
    if (error instanceof errors.JWTExpired) throw refused('expired')
    if (error instanceof errors.JOSEError) throw refused('invalid')
    throw error
  }
}
