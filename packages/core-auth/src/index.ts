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
} from './auth-events'
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
} from './auth-events'
export { authMigrations } from './auth-migrations'
export { pruneAuthData } from './auth-retention'
export type { AuthPruned, AuthRetentionOptions } from './auth-retention'
export type {
  AnyKysely,
  AuthDb,
  AuthTables,
  AuthTokenPurpose,
  AuthTokensTable,
  CustomRolesTable,
  LoginThrottleTable,
  PlatformOperatorsTable,
  SessionsTable,
  Timestamp,
  UsersTable,
  UserStatus,
} from './auth-tables'
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
export { createLoginThrottle } from './login-throttle'
export type {
  LoginAttemptKey,
  LoginThrottle,
  LoginThrottleOptions,
  ThrottleVerdict,
} from './login-throttle'
export {
  constantTimeEqual,
  generateOpaqueToken,
  hashOpaqueToken,
  matchesOpaqueToken,
} from './opaque-token'
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
export { createPasswordPolicy, normalizePassword, passwordLength } from './password-policy'
export type { PasswordPolicy, PasswordPolicyOptions, PasswordPolicyResult } from './password-policy'
export { createPurposeTokens } from './purpose-tokens'
export type {
  AcceptInviteResult,
  InvalidPurposeToken,
  IssuedPurposeToken,
  PurposeTokens,
  PurposeTokensOptions,
} from './purpose-tokens'
export {
  ACTIONS,
  createRbac,
  formatPermission,
  hasPermission,
  isRole,
  parsePermission,
  permissionScope,
  RESOURCES,
  ROLE_GRANTS,
  rolePermissions,
  ROLES,
} from './rbac'
export type {
  Action,
  CustomRole,
  ParsedPermission,
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
