import { createProductIndexSource } from '@rustok/commerce'
import { createNodeIndexSource } from '@rustok/content'
import { translationCandidates } from '@rustok/core-tenant'
import { tenancyModule } from '@rustok/core-tenant/http'
import { defineServerModule, type ServerModule } from '@rustok/http'
import { sql, type Kysely } from 'kysely'
import {
  createIndexHandlers,
  createPgSearchEngine,
  indexEvents,
  indexMigrations,
  projectionLag,
  waitForPosition,
  type IndexEntity,
  type IndexLocales,
  type IndexSources,
  type SearchEngine,
  checkDrift,
  rebuildIndex,
  rebuildStatus,
  type DriftReport,
  type RebuildOptions,
  type RebuildStatus,
} from '../index'
import { adminIndexRoutes } from './admin-index-routes'
import { searchRoutes } from './search-routes'

/** What the index module gives other modules and the server's command line. */
export interface IndexServices {
  readonly search: SearchEngine
  /** Rebuilds (or resumes rebuilding) a tenant's index of one entity; see `rebuildIndex`. */
  rebuild(options: RebuildOptions): Promise<RebuildStatus>
  status(scope: { readonly tenantId: string; readonly entity: IndexEntity }): Promise<RebuildStatus>
  drift(options: Parameters<typeof checkDrift>[1]): Promise<DriftReport>
}

/** A projection behind by more than this is reported as degraded in `/health/ready`. */
const LAG_WARNING_MS = 30_000

/**
 * The index module: read models of content and products kept by outbox handlers, full-text
 * search (public routes for published documents, admin routes for all), rebuilds, drift checks,
 * and the projection lag in `/health/ready`. Tenants enable its routes; the projection follows
 * every tenant's events so that enabling it later needs no rebuild.
 */
export const indexModule: ServerModule<undefined, IndexServices> = defineServerModule({
  name: 'index',
  description: 'Read models and search.',
  toggleable: true,
  dependsOn: ['tenancy'],
  migrations: [indexMigrations],
  events: indexEvents,
  permissions: ['nodes:list', 'products:list', 'settings:read', 'settings:update'],
  errors: { errorNames: ['IndexError'] },
  setup: (core) => {
    const { tenantCache, localeCache } = core.use(tenancyModule)
    const locales: IndexLocales = async (tenantId) => {
      const [tenant, enabled] = await Promise.all([
        tenantCache.find({ kind: 'uuid', value: tenantId }),
        localeCache.get(tenantId),
      ])
      if (enabled.length === 0) return null
      const chain = {
        fallbacks: new Map(enabled.map((locale) => [locale.code, locale.fallback])),
        defaultLocale: tenant?.defaultLocale ?? 'en',
      }
      return enabled.map((locale) => ({
        locale: locale.code,
        candidates: translationCandidates(locale.code, chain),
      }))
    }
    const has = (name: string) => core.modules.some((module) => module.name === name)
    const sources: IndexSources = {
      ...(has('content') ? { content: (db) => createNodeIndexSource({ db }) } : {}),
      ...(has('commerce') ? { products: (db) => createProductIndexSource({ db }) } : {}),
    }
    const db = core.db as Kysely<unknown>
    const search = createPgSearchEngine({ db })
    const deps = { db, sources, locales }
    const admin = adminIndexRoutes({ ...deps, logger: core.logger })
    const entities = (['content', 'products'] as const).filter((e) =>
      e === 'content' ? sources.content : sources.products,
    )
    return {
      services: {
        search,
        rebuild: (options) => rebuildIndex(deps, options),
        status: (scope) => rebuildStatus(db, scope),
        drift: (options) => checkDrift(deps, options),
      },
      routes: [
        ...searchRoutes({
          engine: search,
          waitFor: (entity, position) =>
            waitForPosition(db, { entity, position, timeoutMs: 2_000 }),
        }),
        ...admin.routes,
      ],
      handlers: createIndexHandlers({
        ...deps,
        // A tenant's locales changed: its restarted rebuilds run now, in this process.
        onRebuildRequested: (tenantId, entity) => admin.resume(tenantId, entity),
      }),
      jobs: [
        {
          // A rebuild whose process died resumes from its checkpoint (any worker; batches lock).
          name: 'index-rebuild-resume',
          intervalMs: 30_000,
          run: async () => {
            const stalled = await sql<{ tenant_id: string; entity: IndexEntity }>`
              select tenant_id, entity from index_generations
              where building is not null and updated_at < now() - interval '1 minute'`.execute(db)
            for (const row of stalled.rows) admin.resume(row.tenant_id, row.entity)
          },
        },
      ],
      readiness: [
        {
          name: 'index-projection',
          critical: false,
          check: async () => {
            const lags = await Promise.all(entities.map((entity) => projectionLag(db, entity)))
            const behind = lags.filter((lag) => lag.lagMs > LAG_WARNING_MS)
            if (behind.length > 0)
              throw new Error(
                `index projection behind: ${behind.map((lag) => `${lag.entity} ${lag.lagMs} ms, ${lag.pending} pending`).join('; ')}`,
              )
            return { details: Object.fromEntries(lags.map((lag) => [lag.entity, lag])) }
          },
        },
      ],
    }
  },
})
