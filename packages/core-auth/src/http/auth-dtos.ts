import type { Session, User } from '../index'
import * as v from 'valibot'

/**
 * Response schemas of the auth routes (the OpenAPI document is built from them) and the mappers
 * that produce them. A user never carries a password hash; dates are ISO 8601 strings in UTC.
 */

const IsoDate = v.pipe(v.string(), v.isoTimestamp())
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

export const UserSchema = v.object({
  id: v.string(),
  email: v.string(),
  name: v.nullable(v.string()),
  role: v.string(),
  status: v.picklist(['active', 'inactive', 'banned']),
  emailVerifiedAt: v.nullable(IsoDate),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  lastLoginAt: v.nullable(IsoDate),
})

export type UserDto = v.InferOutput<typeof UserSchema>

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    emailVerifiedAt: iso(user.emailVerifiedAt),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    lastLoginAt: iso(user.lastLoginAt),
  }
}

const tokenEntries = {
  accessToken: v.pipe(v.string(), v.description('Send as `Authorization: Bearer …`.')),
  refreshToken: v.pipe(
    v.string(),
    v.description('Single use: every refresh returns a new one. Store it securely.'),
  ),
  tokenType: v.literal('Bearer'),
  expiresIn: v.pipe(v.number(), v.description('Seconds until the access token expires.')),
}

/** A new or rotated pair of tokens. */
export const TokensSchema = v.object(tokenEntries)

/** Tokens of a new session, with its user (sign-in, registration, accepted invite). */
export const SignedInSchema = v.object({ user: UserSchema, ...tokenEntries })

export type TokensDto = v.InferOutput<typeof TokensSchema>

export function toTokensDto(
  tokens: { readonly accessToken: string; readonly refreshToken: string },
  expiresIn: number,
): TokensDto {
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    tokenType: 'Bearer',
    expiresIn,
  }
}

/** One login of the caller: every rotation of it shares this id. */
export const SessionSchema = v.object({
  id: v.pipe(v.string(), v.description('Stable across refreshes; pass it to revoke the session.')),
  current: v.pipe(v.boolean(), v.description('Whether this is the session of the request.')),
  createdAt: IsoDate,
  lastUsedAt: v.nullable(IsoDate),
  expiresAt: IsoDate,
  ip: v.nullable(v.string()),
  userAgent: v.nullable(v.string()),
})

export const SessionListSchema = v.object({ items: v.array(SessionSchema) })

export function toSessionDto(
  session: Session,
  currentFamilyId: string | undefined,
): v.InferOutput<typeof SessionSchema> {
  return {
    id: session.familyId,
    current: session.familyId === currentFamilyId,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: iso(session.lastUsedAt),
    expiresAt: session.expiresAt.toISOString(),
    ip: session.ip,
    userAgent: session.userAgent,
  }
}

export const RevokedSchema = v.object({
  revoked: v.pipe(v.number(), v.description('How many sessions were revoked.')),
})

/** `POST /api/admin/users` without a password: the invite mailed instead of an account. */
export const InvitedSchema = v.object({
  email: v.string(),
  role: v.string(),
  expiresAt: IsoDate,
})
