import { defineErrorCodes, errorRow } from '@rustok/http'

/** The content module's own error codes, beside the shared ones. */
export const CONTENT_ERRORS = defineErrorCodes({
  INVALID_TRANSITION: errorRow(409, 'Invalid Transition'),
  TOPIC_LOCKED: errorRow(409, 'Topic Locked'),
  TOPIC_CLOSED: errorRow(409, 'Topic Closed'),
  TOPIC_ARCHIVED: errorRow(409, 'Topic Archived'),
})
