export { IndexError, isIndexError } from './index-error'
export type { IndexErrorCode } from './index-error'
