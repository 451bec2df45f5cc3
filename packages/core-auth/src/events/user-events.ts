import * as v from 'valibot'
import { defineEvent, emailAddress, nonNilUuid } from '@rustok/core-events'
import type { EventDefinition } from '@rustok/core-events'

/** Payload of `user.registered`. */
export interface UserRegisteredPayload {
  /** The new user. */
  readonly userId: string
  /** E-mail address, at most 255 UTF-8 bytes. */
  readonly email: string
}

/** Payload of `user.logged_in`, `user.updated` and `user.deleted`. */
export interface UserPayload {
  /** The user concerned. */
  readonly userId: string
}

const UserPayloadSchema = v.object({ userId: nonNilUuid() })

/** A user registered (original #16; e-mail now checked with valibot `email()`). Aggregate: `user` / `userId`. */
export const userRegistered: EventDefinition<'user.registered', UserRegisteredPayload> =
  defineEvent({
    type: 'user.registered',
    version: 1,
    description: 'A user registered.',
    aggregateType: 'user',
    schema: v.object({ userId: nonNilUuid(), email: emailAddress() }),
    aggregateId: (payload) => payload.userId,
  })

/** A user logged in (original #17). Aggregate: `user` / `userId`. */
export const userLoggedIn: EventDefinition<'user.logged_in', UserPayload> = defineEvent({
  type: 'user.logged_in',
  version: 1,
  description: 'A user logged in.',
  aggregateType: 'user',
  schema: UserPayloadSchema,
  aggregateId: (payload) => payload.userId,
})

/** A user's profile changed (original #18). Aggregate: `user` / `userId`. */
export const userUpdated: EventDefinition<'user.updated', UserPayload> = defineEvent({
  type: 'user.updated',
  version: 1,
  description: 'A user was updated.',
  aggregateType: 'user',
  schema: UserPayloadSchema,
  aggregateId: (payload) => payload.userId,
})

/** A user was deleted (original #19). Aggregate: `user` / `userId`. */
export const userDeleted: EventDefinition<'user.deleted', UserPayload> = defineEvent({
  type: 'user.deleted',
  version: 1,
  description: 'A user was deleted.',
  aggregateType: 'user',
  schema: UserPayloadSchema,
  aggregateId: (payload) => payload.userId,
})

/** Any one of the `user.*` event definitions. */
export type UserEventDefinition =
  typeof userRegistered | typeof userLoggedIn | typeof userUpdated | typeof userDeleted

/**
 * The `user.*` events that `@rustok/core-auth` writes (user lifecycle and sign-in), to compose into
 * the application catalogue with its `authEvents`: `createEventCatalog(userEvents, authEvents, …)`.
 */
export const userEvents: readonly UserEventDefinition[] = [
  userRegistered,
  userLoggedIn,
  userUpdated,
  userDeleted,
]
