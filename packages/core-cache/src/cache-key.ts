/**
 * Builds the tenant-scoped key of one cached entity: `t:<tenantId>:<kind>:<id>`. Every part is
 * URI-encoded, so a `:` inside an id can never make two different triples collide, and two
 * tenants with the same entity id always get different keys.
 *
 * @example
 * ```ts
 * cacheKey(tenant.id, 'product', productId) // 't:7f3c…:product:42'
 * await cache.getOrLoad(cacheKey(tenant.id, 'product', productId), () => loadProduct(productId))
 * ```
 */
export function cacheKey(tenantId: string, kind: string, id: string): string {
  return `t:${encodeURIComponent(tenantId)}:${encodeURIComponent(kind)}:${encodeURIComponent(id)}`
}
