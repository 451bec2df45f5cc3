import type { MatrixTenant } from '@rustok/http'
import type { WebhooksServices } from './webhooks-module'

/** Real rows of each side's tenant for the cross-tenant matrix: an endpoint and a test delivery. */
export async function webhooksMatrixFixtures(
  services: WebhooksServices,
  tenant: MatrixTenant,
): Promise<Record<string, Record<string, string>>> {
  const { tenantId, side } = tenant
  const { endpoint } = await services.endpoints.create(
    tenantId,
    {
      url: `https://hooks.example.com/matrix-${side}`,
      eventTypes: ['webhook.test'],
      enabled: false,
    },
    { userId: tenant.adminId },
  )
  const delivery = await services.deliveries.sendTest({ tenantId, id: endpoint.id })
  // `endpointId` names the endpoint under `/endpoints/:endpointId/deliveries` (the matrix takes
  // a parameter from the nearest segment that has it).
  return {
    endpoints: { id: endpoint.id, endpointId: endpoint.id },
    deliveries: { id: delivery.id },
  }
}
