export { ContentError, isContentError } from './content-error'
export type { ContentErrorCode } from './content-error'
