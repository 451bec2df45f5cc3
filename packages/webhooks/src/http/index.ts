// The webhooks module for an app built with @rustok/http. Hono and @rustok/http are needed by
// this subpath only.
export { webhooksModule } from './webhooks-module'
export type { WebhooksServices } from './webhooks-module'
export { WebhooksConfigSchema } from './webhooks-config'
export type { WebhooksConfig, WebhooksConfigInput } from './webhooks-config'
