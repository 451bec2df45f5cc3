import {
  requestEventContext,
  problemResponse,
  encodeCursor,
  pageSchema,
  defineRoute,
  requires,
  type Route,
} from '@rustok/http'
import type * as v from 'valibot'
import type { AuthRouteDeps } from './auth-services'
import { InvitedSchema, toUserDto, UserSchema } from './auth-dtos'
import { weakPasswordProblem } from './auth-request'
import { CreateUserBody, IdParams, UpdateUserBody, UserListQuery } from './auth-schemas'
import { beyondYourRole, findTarget, privilegesOf, refuseRole } from './user-admin-guard'

const TAGS = ['auth', 'users']
const EMAIL_TAKEN = 'Another user of this tenant has this e-mail.'

/** The tenant's users: list, read, create or invite, and edit. */
export function userAdminRoutes(services: AuthRouteDeps): Route[] {
  const { users, purposeTokens, mailer } = services

  const list = defineRoute({
    method: 'get',
    path: '/api/admin/users',
    operationId: 'listUsers',
    summary: "The tenant's users, a page at a time",
    description:
      'Sort by `createdAt` or `email` (`-` for descending); filter by `role` and `status`; `q` ' +
      'searches e-mail and name, case-insensitively.',
    tags: TAGS,
    access: requires('users:list'),
    request: { query: UserListQuery },
    responses: { 200: { description: 'One page', schema: pageSchema(UserSchema) } },
    handler: async (c, { query }) => {
      const page = await users.list({
        tenantId: c.var.tenantId,
        limit: query.limit,
        sort: query.sort,
        after: query.cursor && { value: String(query.cursor.value), id: query.cursor.id },
        role: query.role,
        status: query.status,
        search: query.q,
      })
      return c.json({
        items: page.users.map(toUserDto),
        nextCursor: page.next && encodeCursor(page.next),
      })
    },
  })

  const get = defineRoute({
    method: 'get',
    path: '/api/admin/users/:id',
    operationId: 'getUser',
    summary: 'One user of the tenant',
    tags: TAGS,
    access: requires('users:read'),
    request: { params: IdParams },
    responses: { 200: { description: 'The user', schema: UserSchema } },
    handler: async (c, { params }) => {
      const user = await users.get(c.var.tenantId, params.id)
      if (!user) return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such user.' })
      return c.json(toUserDto(user))
    },
  })

  const create = defineRoute({
    method: 'post',
    path: '/api/admin/users',
    operationId: 'createUser',
    summary: 'Create a user, or invite one when no password is given',
    description:
      'With `password`, the account is created at once (201). Without, an invite carrying the ' +
      'role is mailed (202) and the invitee picks a password and name on acceptance. The role ' +
      "must be within the caller's own (403 otherwise).",
    tags: TAGS,
    access: requires('users:create'),
    request: { body: CreateUserBody },
    responses: {
      201: { description: 'The new user', schema: UserSchema },
      202: { description: 'An invite was mailed', schema: InvitedSchema },
    },
    handler: async (c, { body }) => {
      const tenantId = c.var.tenantId
      const refused = await refuseRole(c, privilegesOf(c, services), body.role)
      if (refused) return refused
      if (body.password === undefined) {
        const invited = await purposeTokens.invite(
          { tenantId, email: body.email, role: body.role },
          requestEventContext(c),
        )
        if (!invited.ok) return problemResponse(c, { code: 'CONFLICT', detail: EMAIL_TAKEN })
        const { token, expiresAt } = invited
        await mailer.send({ tenantId, to: body.email, purpose: 'invite', token, expiresAt })
        const dto: v.InferOutput<typeof InvitedSchema> = {
          email: body.email,
          role: body.role,
          expiresAt: expiresAt.toISOString(),
        }
        return c.json(dto, 202)
      }
      const created = await users.register(
        { tenantId, email: body.email, password: body.password, name: body.name, role: body.role },
        requestEventContext(c),
      )
      if (created.ok) return c.json(toUserDto(created.user), 201)
      if (created.reason === 'WEAK_PASSWORD')
        return weakPasswordProblem(c, created, 'body.password')
      return problemResponse(c, { code: 'CONFLICT', detail: EMAIL_TAKEN })
    },
  })

  const update = defineRoute({
    method: 'patch',
    path: '/api/admin/users/:id',
    operationId: 'updateUser',
    summary: "Change a user's name or e-mail",
    description: 'A new e-mail must be verified again.',
    tags: TAGS,
    access: requires('users:update'),
    request: { params: IdParams, body: UpdateUserBody },
    responses: { 200: { description: 'The user', schema: UserSchema } },
    handler: async (c, { params, body }) => {
      const target = await findTarget(c, services, { userId: params.id })
      if (target instanceof Response) return target
      const result = await users.update(
        {
          tenantId: c.var.tenantId,
          userId: target.user.id,
          ...body,
          allowedRoles: target.allowedRoles,
        },
        requestEventContext(c),
      )
      if (result.ok) return c.json(toUserDto(result.user))
      if (result.reason === 'CONFLICT') {
        return problemResponse(c, { code: 'CONFLICT', detail: EMAIL_TAKEN })
      }
      if (result.reason === 'FORBIDDEN') return beyondYourRole(c)
      return problemResponse(c, { code: 'NOT_FOUND', detail: 'No such user.' })
    },
  })

  return [list, get, create, update]
}
