export { CoreEventsError, isCoreEventsError } from './core-events-error'
export type { CoreEventsErrorCode } from './core-events-error'
