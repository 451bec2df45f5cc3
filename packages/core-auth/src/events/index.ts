// `@rustok/core-auth/events`: every event definition the package writes and its payload type, for
// handlers that read them. The root entry has the collections (`authEvents`, `userEvents`).
export {
  authEvents,
  emailVerified,
  inviteIssued,
  loginFailed,
  passwordChanged,
  passwordResetRequested,
  refreshTokenReused,
  roleChanged,
  sessionRevoked,
} from '../auth-events'
export type {
  AuthEventDefinition,
  AuthEventType,
  EmailVerifiedPayload,
  InviteIssuedPayload,
  LoginFailedPayload,
  LoginFailureReason,
  PasswordChangedPayload,
  PasswordChangeMethod,
  PasswordResetRequestedPayload,
  RefreshTokenReusedPayload,
  RoleChangedPayload,
  SessionRevokedPayload,
} from '../auth-events'
export { userDeleted, userEvents, userLoggedIn, userRegistered, userUpdated } from './user-events'
export type { UserEventDefinition, UserPayload, UserRegisteredPayload } from './user-events'
