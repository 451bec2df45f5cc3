import { errorRow, type ErrorContribution } from '@rustok/http'

/**
 * The error codes of the infrastructure the server composes itself: the database (`CoreDbError`),
 * the event runtime (`CoreEventsError`), the caches (`CoreCacheError`) and its configuration
 * (`ConfigError`). Modules contribute their own codes; these belong to no module.
 *
 * Internal failures (migrations, event definitions, listeners) are 500 and never retryable; the
 * event dispatcher's back-pressure (`QUEUE_FULL`, `HANDLER_TRANSIENT`) is 503 and retryable;
 * `CLOSED` is 503 but not retryable against the same process, which is shutting down.
 *
 * An invalid event (`INVALID_EVENT`, `UNKNOWN_EVENT_TYPE`, `UNSUPPORTED_VERSION`) is built by the
 * server's own code, never by the caller, whose input was checked at the edge: it is a bug, so it
 * is a logged 500 whose answer shows none of the event's internal field paths.
 */
export const infrastructureErrors: readonly ErrorContribution[] = [
  {
    errorNames: ['CoreDbError', 'CoreEventsError', 'CoreCacheError', 'ConfigError'],
    codes: {
      UNKNOWN_MIGRATION: errorRow(500, 'Unknown Migration'),
      MIGRATION_FAILED: errorRow(500, 'Migration Failed'),
      OUTER_DB_IN_TRANSACTION: errorRow(500, 'Database Used Outside Its Transaction'),
      INVALID_EVENT: errorRow(500, 'Invalid Event'),
      UNKNOWN_EVENT_TYPE: errorRow(500, 'Unknown Event Type'),
      UNSUPPORTED_VERSION: errorRow(500, 'Unsupported Event Version'),
      DUPLICATE_EVENT_TYPE: errorRow(500, 'Duplicate Event Type'),
      INVALID_DEFINITION: errorRow(500, 'Invalid Definition'),
      HANDLER_PERMANENT: errorRow(500, 'Handler Failed Permanently'),
      HANDLER_TRANSIENT: errorRow(503, 'Handler Temporarily Failed', true),
      DUPLICATE_HANDLER: errorRow(500, 'Duplicate Handler'),
      QUEUE_FULL: errorRow(503, 'Queue Full', true),
      CLOSED: errorRow(503, 'Closed'),
      LISTENER_FAILED: errorRow(500, 'Listener Failed'),
      INVALID_CONFIG: errorRow(500, 'Invalid Configuration'),
    },
  },
]
