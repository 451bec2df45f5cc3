import * as v from 'valibot'
import { listQuery, type Cursor } from '@rustok/http'
import { createPasswordPolicy, passwordLength } from '../primitives'
import { ROLES } from '../rbac-matrix'

/**
 * Request schemas of the auth routes: every rule the routes check is here, so the OpenAPI document
 * states it (the password policy included; the services check it again for other callers).
 */

const UUID_MESSAGE = 'Expected a UUID'

export const EmailInput = v.pipe(
  v.string('Expected a string'),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(255, 'Expected at most 255 characters'),
  v.email('Expected an e-mail address'),
)

/** Any password as typed; bounded so that hashing is never fed megabytes. */
export const PasswordInput = v.pipe(
  v.string('Expected a string'),
  v.minLength(1, 'Expected a password'),
  v.maxLength(1024, 'Expected at most 1024 characters'),
)

/** The policy the auth module's hasher applies (its defaults): the rule for every new password. */
const POLICY = createPasswordPolicy()

/** A new password: the password policy's length, counted in code points after NFC. */
export const NewPasswordInput = v.pipe(
  v.string('Expected a string'),
  v.metadata({ minLength: POLICY.minLength, maxLength: POLICY.maxLength }),
  v.check(
    (password) => passwordLength(password) >= POLICY.minLength,
    `Expected at least ${POLICY.minLength} characters`,
  ),
  v.check(
    (password) => passwordLength(password) <= POLICY.maxLength,
    `Expected at most ${POLICY.maxLength} characters`,
  ),
  v.description(
    `${POLICY.minLength} to ${POLICY.maxLength} characters (Unicode code points after NFC ` +
      'normalisation); any characters, no composition rules.',
  ),
)

export const NameInput = v.pipe(
  v.string('Expected a string'),
  v.trim(),
  v.maxLength(200, 'Expected at most 200 characters'),
)

const ROLE_DESCRIPTION =
  `A built-in role (${ROLES.join(', ')}) or one of the tenant's custom roles; a role the ` +
  'tenant does not have is refused with a field error.'

export const RoleInput = v.pipe(
  v.string('Expected a string'),
  v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'Expected a role name such as admin'),
  v.description(ROLE_DESCRIPTION),
  v.examples([...ROLES]),
)

/** An opaque token from a mail or a sign-in; bounded, never parsed. */
const TokenInput = v.pipe(
  v.string('Expected a string'),
  v.minLength(1, 'Expected a token'),
  v.maxLength(512, 'Expected at most 512 characters'),
)

export const IdParams = v.object({ id: v.pipe(v.string(), v.uuid(UUID_MESSAGE)) })

export const RegisterBody = v.object({
  email: EmailInput,
  password: NewPasswordInput,
  name: v.optional(NameInput),
})

export const LoginBody = v.object({ email: EmailInput, password: PasswordInput })

export const RefreshTokenBody = v.object({ refreshToken: TokenInput })

export const ChangePasswordBody = v.object({
  currentPassword: PasswordInput,
  newPassword: NewPasswordInput,
})

export const EmailBody = v.object({ email: EmailInput })

export const ResetConfirmBody = v.object({ token: TokenInput, password: NewPasswordInput })

export const TokenBody = v.object({ token: TokenInput })

export const InviteAcceptBody = v.object({
  token: TokenInput,
  password: NewPasswordInput,
  name: v.optional(NameInput),
})

/** `POST /api/admin/users`: without a password, an invite is mailed instead. */
export const CreateUserBody = v.object({
  email: EmailInput,
  password: v.optional(NewPasswordInput),
  name: v.optional(NameInput),
  role: RoleInput,
})

/** `PATCH /api/admin/users/:id`: only the fields sent change; `name: null` clears it. */
export const UpdateUserBody = v.object({
  name: v.optional(v.nullable(NameInput)),
  email: v.optional(EmailInput),
})

export const RoleBody = v.object({ role: RoleInput })

const EXACT_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// Cursors are opaque but not signed: a forged one must be a 400, never a cast error in SQL.
function fitsSort(cursor: Cursor | undefined, field: 'createdAt' | 'email'): boolean {
  if (cursor === undefined) return true
  if (typeof cursor.value !== 'string' || !UUID.test(cursor.id)) return false
  return field === 'email' || EXACT_INSTANT.test(cursor.value)
}

/** `GET /api/admin/users`: keyset pages; `role`, `status`, and `q` searching e-mail and name. */
export const UserListQuery = v.pipe(
  listQuery({
    sort: ['createdAt', 'email'],
    defaultSort: '-createdAt',
    filters: {
      role: v.optional(RoleInput),
      status: v.optional(
        v.picklist(['active', 'inactive', 'banned'], 'Expected active, inactive or banned'),
      ),
      q: v.optional(
        v.pipe(v.string(), v.trim(), v.maxLength(100, 'Expected at most 100 characters')),
      ),
    },
  }),
  v.forward(
    v.check(
      (query) => fitsSort(query.cursor, query.sort.field),
      'Not a cursor this API issued for this sort: pass a nextCursor back unchanged',
    ),
    ['cursor'],
  ),
)

/** An invitation to join a tenant, sent by e-mail; accepting it creates the account. */
export const InviteBody = v.object({
  email: v.pipe(
    v.string('Expected a string'),
    v.trim(),
    v.toLowerCase(),
    v.maxLength(255, 'Expected at most 255 characters'),
    v.email('Expected an e-mail address'),
  ),
  role: RoleInput,
})

export const InviteSchema = v.object({
  expiresAt: v.pipe(v.string(), v.description('When the invite stops working.')),
  token: v.optional(
    v.pipe(
      v.string(),
      v.description(
        'The invite token, as mailed: only when the server allows it (`auth.inviteTokenInResponse`, ' +
          '`INVITE_TOKEN_IN_RESPONSE=true`). Accept it with `POST /api/auth/invite/accept` in that tenant.',
      ),
    ),
  ),
})
