import { defineErrorCodes, errorRow } from '@rustok/http'

/** The auth module's own error codes, beside the shared ones. */
export const AUTH_ERRORS = defineErrorCodes({
  TOKEN_REUSED: errorRow(401, 'Refresh Token Reused'),
})
