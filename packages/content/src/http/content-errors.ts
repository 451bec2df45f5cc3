import { defineErrorCodes, errorRow } from '@rustok/http'

/** The content module's own error codes, beside the shared ones. */
export const CONTENT_ERRORS = defineErrorCodes({
  INVALID_TRANSITION: errorRow(409, 'Invalid Transition'),
})
