export { CommerceError, isCommerceError } from './commerce-error'
export type { CommerceErrorCode } from './commerce-error'
