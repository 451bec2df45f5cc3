import type { WebhooksServices } from './webhooks-module'

/**
 * The demo tenant's webhooks: one endpoint for product and order events, disabled (it points at
 * example.com) until the tenant aims it at a receiver of theirs and enables it.
 */
export async function seedDemoWebhooks(
  services: WebhooksServices,
  tenantId: string,
): Promise<void> {
  await services.endpoints.create(
    tenantId,
    {
      url: 'https://example.com/webhooks/rustok',
      description: 'Example ERP bridge: point it at your receiver, then enable it',
      eventTypes: ['product.*', 'order.*'],
      enabled: false,
      headers: { 'x-source': 'rustok-demo' },
    },
    { userId: null },
  )
}
