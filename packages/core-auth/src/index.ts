export { CoreAuthError, isCoreAuthError } from './core-auth-error'
export type { CoreAuthErrorCode } from './core-auth-error'
