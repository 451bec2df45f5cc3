// The root entry: what a service calls. Event definitions, table types, the RBAC matrix and the
// password and token primitives are subpaths (`/events`, `/tables`, `/rbac`, `/primitives`).
export { authEvents } from './auth-events'
export type { AuthEventDefinition, AuthEventType, LoginFailureReason } from './auth-events'
export { authMigrations } from './auth-migrations'
export { pruneAuthData } from './auth-retention'
export type { AuthPruned, AuthRetentionOptions } from './auth-retention'
export type { AnyKysely, UserStatus } from './auth-tables'
export { createAccessTokens } from './access-tokens'
export type {
  AccessTokenAlgorithm,
  AccessTokenClaims,
  AccessTokenKey,
  AccessTokenRejection,
  AccessTokens,
  AccessTokensOptions,
  AccessTokenSubject,
  AccessTokenVerification,
} from './access-tokens'
export { CoreAuthError, isCoreAuthError } from './core-auth-error'
export type { CoreAuthErrorCode } from './core-auth-error'
export type { AuthEventContext, EventWriter } from './event-writer'
export { userEvents } from './events/user-events'
export type { UserEventDefinition } from './events/user-events'
export { createLoginThrottle } from './login-throttle'
export type {
  LoginAttemptKey,
  LoginThrottle,
  LoginThrottleOptions,
  ThrottleVerdict,
} from './login-throttle'
export { createPlatformOperators } from './platform-operators'
export type { PlatformOperators } from './platform-operators'
export { createPasswordHasher } from './password-hasher'
export type {
  Argon2Port,
  PasswordHasher,
  PasswordHasherOptions,
  PasswordHashOptions,
  PasswordHashParameters,
} from './password-hasher'
export type { PasswordPolicy, PasswordPolicyResult } from './password-policy'
export { createPurposeTokens } from './purpose-tokens'
export type {
  AcceptInviteResult,
  InvalidPurposeToken,
  IssuedPurposeToken,
  PurposeTokens,
  PurposeTokensOptions,
} from './purpose-tokens'
export { createRbac } from './rbac'
export type {
  Action,
  CustomRole,
  Permission,
  PermissionScope,
  Rbac,
  RbacOptions,
  Resource,
  Role,
} from './rbac'
export type { Session } from './session'
export { createSessionService } from './session-service'
export type {
  ChangePasswordInput,
  ChangePasswordResult,
  IssuedTokens,
  LoginInput,
  LoginResult,
  OpenSessionInput,
  OpenSessionResult,
  RefreshInput,
  RefreshResult,
  SessionService,
  SessionServiceOptions,
} from './session-service'
export type { User } from './user'
export type { UserListCursor, UserListPage, UserListQuery, UserSortField } from './user-list'
export { createUserStore } from './user-store'
export type {
  ActorGuard,
  RegisterUserInput,
  RegisterUserResult,
  UpdateUserInput,
  UserChangeResult,
  UserRef,
  UserStore,
  UserStoreOptions,
} from './user-store'
export type { WeakPassword } from './weak-password'
export { createCustomRoles } from './custom-roles'
export type { CustomRoles, DefineRoleResult } from './custom-roles'
