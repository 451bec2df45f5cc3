import { defineRoute, requires, type ModuleLogger, type Route } from '@rustok/http'
import type { Kysely } from 'kysely'
import {
  checkDrift,
  outboxPosition,
  projectionLag,
  rebuildIndex,
  rebuildStatus,
  type IndexEntity,
  type RebuildDeps,
} from '../index'
import {
  DriftBody,
  DriftReportSchema,
  IndexStatusSchema,
  RebuildAccepted,
  RebuildBody,
} from './index-schemas'

const TAGS = ['index']

/** Rebuilds this process runs, by tenant and entity, so a second request does not start another. */
function runner(deps: RebuildDeps, logger: ModuleLogger) {
  const running = new Set<string>()
  return (tenantId: string, entity: IndexEntity, batchSize?: number): void => {
    const key = `${tenantId}:${entity}`
    if (running.has(key)) return
    running.add(key)
    rebuildIndex(deps, { tenantId, entity, ...(batchSize ? { batchSize } : {}) })
      .then((status) => logger.info({ tenantId, entity, active: status.active }, 'index rebuilt'))
      .catch((error: unknown) =>
        logger.error({ err: error, tenantId, entity }, 'index rebuild failed; it resumes later'),
      )
      .finally(() => running.delete(key))
  }
}

/** The index's admin routes: status with lag, rebuilds (started in the background), drift. */
export function adminIndexRoutes(deps: RebuildDeps & { readonly logger: ModuleLogger }): {
  routes: Route[]
  resume: (tenantId: string, entity: IndexEntity) => void
} {
  const { db } = deps
  const start = runner(deps, deps.logger)
  const entities = (['content', 'products'] as const).filter((entity) =>
    entity === 'content' ? deps.sources.content : deps.sources.products,
  )

  const status = defineRoute({
    method: 'get',
    path: '/api/admin/index/status',
    operationId: 'readIndexStatus',
    summary: "The tenant's index: generations, rebuild progress, projection lag",
    description:
      'Per entity: the live generation, a rebuild in progress (done / total, checkpoint) and the ' +
      "projection's lag (pending events, age of the oldest). `position` is the outbox position " +
      'now: pass it as `after` to a search to read your writes.',
    tags: TAGS,
    access: requires('settings:read'),
    responses: { 200: { description: 'The status', schema: IndexStatusSchema } },
    handler: async (c) => {
      const tenantId = c.var.tenantId
      return c.json({
        position: await outboxPosition(db),
        entities: await Promise.all(
          entities.map(async (entity) => ({
            rebuild: await rebuildStatus(db, { tenantId, entity }),
            lag: await projectionLag(db as Kysely<unknown>, entity),
          })),
        ),
      })
    },
  })

  const rebuild = defineRoute({
    method: 'post',
    path: '/api/admin/index/rebuilds',
    operationId: 'startIndexRebuild',
    summary: "Rebuild the tenant's index of one entity from its source",
    description:
      'Starts (or resumes) a rebuild in the background: a new generation built beside the live ' +
      'one in checkpointed batches, switched over at the end. Follow it with the status route.',
    tags: TAGS,
    access: requires('settings:update'),
    request: { body: RebuildBody },
    responses: { 202: { description: 'Started; its status now', schema: RebuildAccepted } },
    handler: async (c, { body }) => {
      const tenantId = c.var.tenantId
      start(tenantId, body.entity, body.batchSize)
      return c.json(await rebuildStatus(db, { tenantId, entity: body.entity }), 202)
    },
  })

  const drift = defineRoute({
    method: 'post',
    path: '/api/admin/index/drift',
    operationId: 'checkIndexDrift',
    summary: 'Compare the read model with its source (and repair it)',
    description:
      'Reports entities without documents, documents that differ from the source and documents ' +
      'of deleted entities; with `repair`, re-projects them.',
    tags: TAGS,
    access: requires('settings:update'),
    request: { body: DriftBody },
    responses: { 200: { description: 'The report', schema: DriftReportSchema } },
    handler: async (c, { body }) =>
      c.json(
        await checkDrift(deps, {
          tenantId: c.var.tenantId,
          entity: body.entity,
          ...(body.repair !== undefined ? { repair: body.repair } : {}),
        }),
      ),
  })

  return { routes: [status, rebuild, drift], resume: (tenantId, entity) => start(tenantId, entity) }
}
