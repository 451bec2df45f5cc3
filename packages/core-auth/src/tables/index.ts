// `@rustok/core-auth/tables`: the types of the tables `authMigrations` creates, for code that
// queries them directly (reports, tests). Services never need them.
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
} from '../auth-tables'
