// The auth module for an app built with @rustok/http: routes, authentication and authorization.
// Hono, @rustok/http and @rustok/core-tenant are needed by this subpath only.
export { AUTH_ERRORS } from './auth-errors'
export { authModule } from './auth-module'
export { AuthConfigSchema } from './auth-config'
export type { AuthConfig, AuthConfigInput, AuthMaintenanceConfig } from './auth-config'
export { createAuthServices } from './auth-services'
export type { AuthModuleOptions, AuthRouteDeps, AuthServices } from './auth-services'
export { authenticate } from './authentication'
export { authorize } from './authorization'
export type { AuthorizeOptions, OperatorCheck, RbacSource } from './authorization'
export { createLogMailer } from './mailer'
export type { Mailer, MailPurpose, TokenMail } from './mailer'
