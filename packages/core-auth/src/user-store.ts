import { userDeleted, userUpdated } from './events/user-events'
import * as v from 'valibot'
import { roleChanged } from './auth-events'
import type { AnyKysely, AuthDb, UserStatus } from './auth-tables'
import { CoreAuthError } from './core-auth-error'
import type { AuthEventContext, EventWriter } from './event-writer'
import { insertUser } from './internal/insert-user'
import {
  EmailSchema,
  IdSchema,
  NameSchema,
  parseInput,
  PasswordInputSchema,
  RoleNameSchema,
} from './internal/parse-input'
import { revokeUserSessions } from './internal/revoke-sessions'
import { roleExists } from './internal/role-exists'
import { transact } from './internal/transact'
import { conflictOnUniqueViolation } from './internal/unique-violation'
import type { PasswordHasher } from './password-hasher'
import { toUser, type User } from './user'
import { listUsers, type UserListPage, type UserListQuery } from './user-list'
import { weakPassword, type WeakPassword } from './weak-password'

/** Input of {@link UserStore.register}. */
export interface RegisterUserInput {
  readonly tenantId: string
  readonly email: string
  readonly password: string
  readonly name?: string | undefined
  /** Built-in or custom role; default `customer`. */
  readonly role?: string | undefined
  /** Mark the e-mail as already verified (e.g. created by an admin). Default `false`. */
  readonly emailVerified?: boolean | undefined
}

/** Outcome of {@link UserStore.register}. */
export type RegisterUserResult =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly reason: 'CONFLICT' }
  | WeakPassword

/** Input of {@link UserStore.update}: only the fields given change. */
export interface UpdateUserInput {
  readonly tenantId: string
  readonly userId: string
  readonly name?: string | null | undefined
  /** A new e-mail clears `emailVerifiedAt`. */
  readonly email?: string | undefined
}

/**
 * Outcome of a change to one user. `FORBIDDEN`: the user's role (as it is when the change is
 * made), or the role to give, is not among the caller's {@link ActorGuard.allowedRoles}.
 */
export type UserChangeResult =
  | { readonly ok: true; readonly user: User }
  | { readonly ok: false; readonly reason: 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' }

/** Names one user of one tenant. */
export interface UserRef {
  readonly tenantId: string
  readonly userId: string
}

/**
 * What an administrator may act on, checked inside the change's own transaction on the locked
 * row: a check made before the change (in another transaction) can be overtaken by a concurrent
 * role change of the target.
 */
export interface ActorGuard {
  /**
   * The roles whose holders the caller may manage (and may give). Absent: no check (the caller
   * is trusted code, not an administrator acting through a request).
   */
  readonly allowedRoles?: ReadonlySet<string> | undefined
}

/** Users of every tenant: registration, profile, status, role and deletion, each with its events. */
export interface UserStore {
  /** Creates a user (`user.registered`); `CONFLICT` if the tenant has the e-mail in any case. */
  register(input: RegisterUserInput, context?: AuthEventContext): Promise<RegisterUserResult>
  /** The user, or `undefined`. */
  get(tenantId: string, userId: string): Promise<User | undefined>
  /** A page of the tenant's users, filtered by role, status and a search of e-mail and name. */
  list(query: UserListQuery): Promise<UserListPage>
  /** The user with this e-mail (any case), or `undefined`. */
  findByEmail(tenantId: string, email: string): Promise<User | undefined>
  /** Changes name or e-mail (`user.updated`). */
  update(input: UpdateUserInput & ActorGuard, context?: AuthEventContext): Promise<UserChangeResult>
  /** Sets status `inactive` (default) or `banned` and revokes every session at once. */
  disable(
    input: UserRef & ActorGuard & { readonly status?: Exclude<UserStatus, 'active'> | undefined },
    context?: AuthEventContext,
  ): Promise<UserChangeResult>
  /** Sets status `active` again. */
  enable(input: UserRef & ActorGuard, context?: AuthEventContext): Promise<UserChangeResult>
  /**
   * Gives the user another role (`auth.role_changed`) and revokes their sessions, so no access
   * token keeps the old role. Throws `INVALID_INPUT` for a role the tenant does not have. With
   * `allowedRoles`, both the user's current role and the new one must be among them.
   */
  assignRole(
    input: UserRef & ActorGuard & { readonly role: string },
    context?: AuthEventContext,
  ): Promise<UserChangeResult>
  /** Deletes the user with their sessions and tokens (`user.deleted`). */
  delete(
    input: UserRef,
    context?: AuthEventContext,
  ): Promise<{ readonly ok: boolean; readonly reason?: 'NOT_FOUND' }>
}

/** Dependencies of {@link createUserStore}. */
export interface UserStoreOptions {
  /** Any Kysely instance whose schema includes the auth tables. */
  readonly db: AnyKysely
  readonly events: EventWriter
  /** Hashes new passwords and holds their policy; pass cheap argon2 costs in tests. */
  readonly hasher: Pick<PasswordHasher, 'hash' | 'policy'>
  readonly now?: () => Date
  readonly newId?: () => string
}

const RegisterSchema = v.object({
  tenantId: IdSchema,
  email: EmailSchema,
  password: PasswordInputSchema,
  name: v.optional(NameSchema),
  role: v.optional(RoleNameSchema, 'customer'),
  emailVerified: v.optional(v.boolean(), false),
})
const TenantEmailSchema = v.object({ tenantId: IdSchema, email: EmailSchema })
const RefSchema = v.object({ tenantId: IdSchema, userId: IdSchema })
const UpdateSchema = v.object({
  tenantId: IdSchema,
  userId: IdSchema,
  name: v.optional(v.nullable(NameSchema)),
  email: v.optional(EmailSchema),
})

/**
 * Creates the user store. Every change and its events commit in one transaction.
 *
 * @example
 * ```ts
 * const users = createUserStore({ db, events: outbox, hasher: createPasswordHasher() })
 * const result = await users.register({ tenantId, email: 'Ann@Example.com', password })
 * if (!result.ok && result.reason === 'CONFLICT') return c.json({ error: 'taken' }, 409)
 * ```
 */
export function createUserStore({
  db: anyDb,
  events,
  hasher,
  now = () => new Date(),
  newId = () => crypto.randomUUID(),
}: UserStoreOptions): UserStore {
  const db = anyDb as AuthDb
  const deps = { db, events, now }

  const findRow = (trx: AuthDb, ref: UserRef) =>
    trx
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', ref.tenantId)
      .where('id', '=', ref.userId)
      .forUpdate()
      .executeTakeFirst()
  // Checked on the row `findRow` locked, so no concurrent role change can slip in between.
  const permits = (guard: ActorGuard, ...roles: string[]): boolean =>
    guard.allowedRoles === undefined || roles.every((role) => guard.allowedRoles?.has(role))

  const setStatus = (
    ref: UserRef & ActorGuard,
    status: UserStatus,
    context?: AuthEventContext,
  ): Promise<UserChangeResult> =>
    transact(deps, { tenantId: ref.tenantId, context }, async (trx, buffer) => {
      const row = await findRow(trx, ref)
      if (row === undefined) return { ok: false, reason: 'NOT_FOUND' } as const
      if (!permits(ref, row.role)) return { ok: false, reason: 'FORBIDDEN' } as const
      const at = now()
      const updated = await trx
        .updateTable('users')
        .set({ status, updated_at: at })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      if (status !== 'active') {
        const reason = status === 'banned' ? 'user_banned' : 'user_disabled'
        await revokeUserSessions(trx, buffer, { ...ref, reason, now: at })
      }
      buffer.add(userUpdated, { userId: row.id })
      return { ok: true, user: toUser(updated) } as const
    })

  return {
    async register(input, context) {
      const data = parseInput(RegisterSchema, input)
      const weak = weakPassword(hasher.policy, data.password)
      if (weak) return weak
      if (await this.findByEmail(data.tenantId, data.email))
        return { ok: false, reason: 'CONFLICT' }
      const passwordHash = await hasher.hash(data.password)
      return transact(deps, { tenantId: data.tenantId, context }, async (trx, buffer) => {
        if (!(await roleExists(trx, data.tenantId, data.role))) {
          throw new CoreAuthError(
            'INVALID_INPUT',
            `Invalid input: role: unknown role "${data.role}"`,
          )
        }
        const at = now()
        const user = await insertUser(trx, buffer, {
          id: newId(),
          tenantId: data.tenantId,
          email: data.email,
          name: data.name ?? null,
          passwordHash,
          role: data.role,
          emailVerifiedAt: data.emailVerified ? at : null,
          now: at,
        })
        return user ? { ok: true, user } : { ok: false, reason: 'CONFLICT' }
      })
    },

    async get(tenantId, userId) {
      if (!v.is(RefSchema, { tenantId, userId })) return undefined
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', userId)
        .executeTakeFirst()
      return row && toUser(row)
    },

    list: (query) => listUsers(db, query),

    async findByEmail(tenantId, email) {
      const parsed = v.safeParse(TenantEmailSchema, { tenantId, email })
      if (!parsed.success) return undefined
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', parsed.output.tenantId)
        .where('email', '=', parsed.output.email)
        .executeTakeFirst()
      return row && toUser(row)
    },

    update(input, context) {
      const data = parseInput(UpdateSchema, input)
      return conflictOnUniqueViolation(() =>
        transact(deps, { tenantId: data.tenantId, context }, async (trx, buffer) => {
          const row = await findRow(trx, data)
          if (row === undefined) return { ok: false, reason: 'NOT_FOUND' } as const
          if (!permits(input, row.role)) return { ok: false, reason: 'FORBIDDEN' } as const
          const emailChanged = data.email !== undefined && data.email !== row.email
          const updated = await trx
            .updateTable('users')
            .set({
              updated_at: now(),
              ...(data.name === undefined ? {} : { name: data.name }),
              ...(emailChanged ? { email: data.email, email_verified_at: null } : {}),
            })
            .where('id', '=', row.id)
            .returningAll()
            .executeTakeFirstOrThrow()
          buffer.add(userUpdated, { userId: row.id })
          return { ok: true, user: toUser(updated) } as const
        }),
      )
    },

    disable(input, context) {
      const ref = parseInput(RefSchema, { tenantId: input.tenantId, userId: input.userId })
      const status = parseInput(v.picklist(['inactive', 'banned']), input.status ?? 'inactive')
      return setStatus({ ...ref, allowedRoles: input.allowedRoles }, status, context)
    },

    enable(input, context) {
      const ref = parseInput(RefSchema, { tenantId: input.tenantId, userId: input.userId })
      return setStatus({ ...ref, allowedRoles: input.allowedRoles }, 'active', context)
    },

    assignRole(input, context) {
      const ref = parseInput(RefSchema, { tenantId: input.tenantId, userId: input.userId })
      const role = parseInput(RoleNameSchema, input.role)
      return transact(deps, { tenantId: ref.tenantId, context }, async (trx, buffer) => {
        if (!(await roleExists(trx, ref.tenantId, role))) {
          throw new CoreAuthError('INVALID_INPUT', `Invalid input: role: unknown role "${role}"`)
        }
        const row = await findRow(trx, ref)
        if (row === undefined) return { ok: false, reason: 'NOT_FOUND' } as const
        if (!permits(input, row.role, role)) return { ok: false, reason: 'FORBIDDEN' } as const
        if (row.role === role) return { ok: true, user: toUser(row) } as const
        const at = now()
        const updated = await trx
          .updateTable('users')
          .set({ role, updated_at: at })
          .where('id', '=', row.id)
          .returningAll()
          .executeTakeFirstOrThrow()
        buffer.add(roleChanged, { userId: row.id, from: row.role, to: role })
        await revokeUserSessions(trx, buffer, { ...ref, reason: 'role_changed', now: at })
        return { ok: true, user: toUser(updated) } as const
      })
    },

    delete(input, context) {
      const ref = parseInput(RefSchema, input)
      return transact(deps, { tenantId: ref.tenantId, context }, async (trx, buffer) => {
        const deleted = await trx
          .deleteFrom('users')
          .where('tenant_id', '=', ref.tenantId)
          .where('id', '=', ref.userId)
          .returning('id')
          .executeTakeFirst()
        if (deleted === undefined) return { ok: false, reason: 'NOT_FOUND' } as const
        buffer.add(userDeleted, { userId: deleted.id })
        return { ok: true } as const
      })
    },
  }
}
