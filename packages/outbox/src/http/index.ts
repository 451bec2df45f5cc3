// The events module for an app built with @rustok/http: dead letters and outbox statistics.
// Hono and @rustok/http are needed by this subpath only.
export { eventsModule, outboxCheck, OUTBOX_LAG_LIMIT_MS } from './events-module'
export { EventsConfigSchema } from './events-config'
export type { EventsConfig, EventsConfigInput } from './events-config'
