import { defineServerModule, type ServerModule } from '@rustok/http'
import {
  createAddressPolicy,
  createDeliveryService,
  createDeliveryWorker,
  createEndpointService,
  createFanoutHandler,
  createSecretBox,
  createWebhookSender,
  resealWebhookSecrets,
  webhookEvents,
  webhookMigrations,
  type DeliveryService,
  type DeliveryWorker,
  type EndpointService,
} from '../index'
import { deliveryRoutes } from './delivery-routes'
import { endpointRoutes } from './endpoint-routes'
import { WebhooksConfigSchema, type WebhooksConfig } from './webhooks-config'
import { webhooksMatrixFixtures } from './webhooks-fixtures'
import { seedDemoWebhooks } from './webhooks-seed'

/** What the webhooks module gives other modules and the server. */
export interface WebhooksServices {
  readonly endpoints: EndpointService
  readonly deliveries: DeliveryService
  readonly worker: DeliveryWorker
}

/**
 * The webhooks module (ADR 0030): tenants' endpoints and their delivery log under
 * `/api/webhooks/…`; the fan-out outbox handler; the delivery worker and the retention job (worker
 * role). Settings come from `config.webhooks` ({@link WebhooksConfig}). Tenants enable it.
 */
export const webhooksModule: ServerModule<WebhooksConfig, WebhooksServices> = defineServerModule({
  name: 'webhooks',
  description: 'Signed, retried deliveries of domain events to HTTP endpoints.',
  toggleable: true,
  migrations: [webhookMigrations],
  events: webhookEvents,
  audited: ['webhook.'],
  permissions: [
    'webhooks:create',
    'webhooks:read',
    'webhooks:update',
    'webhooks:delete',
    'webhooks:list',
  ],
  errors: { errorNames: ['WebhookError'] },
  config: WebhooksConfigSchema,
  setup: (core) => {
    const { config } = core
    const policy = createAddressPolicy({ allow: config.allowList })
    const secrets = createSecretBox(config.secretKeys)
    const deps = {
      db: core.db,
      events: core.outbox,
      now: core.now,
      newId: core.newId,
      policy,
      allowHttp: config.allowHttp,
      rotationGraceMs: config.rotationGraceMs,
      secrets,
    }
    const worker = createDeliveryWorker({
      db: core.db,
      events: core.outbox,
      send: createWebhookSender({ policy, timeoutMs: config.timeoutMs }),
      secrets,
      retry: {
        maxAttempts: config.maxAttempts,
        baseDelayMs: config.baseDelayMs,
        maxDelayMs: config.maxDelayMs,
      },
      perEndpointConcurrency: config.perEndpointConcurrency,
      perTenantConcurrency: config.perTenantConcurrency,
      recheckMs: config.pollMs,
      leaseMs: config.timeoutMs + 30_000,
      breakerThreshold: config.breakerThreshold,
      halfOpenAfterMs: config.halfOpenAfterMs,
      disableAfterMs: config.disableAfterMs,
      now: core.now,
      newId: core.newId,
    })
    const services: WebhooksServices = {
      endpoints: createEndpointService(deps),
      deliveries: createDeliveryService(deps),
      worker,
    }
    return {
      services,
      routes: [
        ...endpointRoutes(services.endpoints),
        ...deliveryRoutes(services.deliveries, core.now),
      ],
      handlers: [createFanoutHandler({ db: core.db, now: core.now, newId: core.newId })],
      jobs: [
        {
          name: 'webhooks-delivery',
          intervalMs: config.pollMs,
          run: async () => {
            await worker.drain()
          },
        },
        {
          name: 'webhooks-retention',
          intervalMs: 3_600_000,
          run: async () => {
            const cutoff = new Date(core.now().getTime() - config.retentionMs)
            const removed = await services.deliveries.prune(cutoff)
            // Secrets not sealed with the current key (plaintext, or an older key's) are sealed
            // again, so a rotated-out server key can be dropped after one run.
            if (config.secretKeys.length > 0) await resealWebhookSecrets({ db: core.db, secrets })
            return { removed: { webhook_deliveries: removed } }
          },
        },
      ],
      matrixFixtures: (tenant) => webhooksMatrixFixtures(services, tenant),
      seedDemo: (tenantId) => seedDemoWebhooks(services, tenantId),
    }
  },
})
