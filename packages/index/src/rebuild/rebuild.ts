import type { Kysely } from 'kysely'
import type { IndexEntity, IndexTables } from '../index-tables'
import { lockEntity } from '../projection/document-store'
import { project, type ProjectorDeps } from '../projection/projector'
import { sql } from 'kysely'

/* eslint-disable @typescript-eslint/no-explicit-any -- runs on any database with the index tables */

/** Where a tenant's index of one entity stands. */
export interface RebuildStatus {
  readonly tenantId: string
  readonly entity: IndexEntity
  /** The generation readers see. */
  readonly active: number
  /** The generation being built, `null` when no rebuild is in progress. */
  readonly building: number | null
  readonly done: number
  readonly total: number
  /** The last source id the rebuild wrote; it resumes after it. */
  readonly checkpoint: string | null
  readonly startedAt: string | null
  readonly finishedAt: string | null
}

/** What {@link rebuildIndex} needs. */
export interface RebuildDeps extends ProjectorDeps {
  readonly db: Kysely<any>
}

/** One rebuild run. */
export interface RebuildOptions {
  readonly tenantId: string
  readonly entity: IndexEntity
  /** Source entities per batch (one transaction each). Default 200. */
  readonly batchSize?: number
  /** Called after every batch (and at the switch). */
  readonly onProgress?: (status: RebuildStatus) => void
  /** Stop (leaving the checkpoint) after this many batches; for tests and time-boxed runs. */
  readonly maxBatches?: number
}

const iso = (value: unknown): string | null =>
  value === null || value === undefined ? null : new Date(value as string).toISOString()

/** The rebuild status of a tenant's index of `entity` (generation 0, idle, when never built). */
export async function rebuildStatus(
  db: Kysely<any>,
  scope: { readonly tenantId: string; readonly entity: IndexEntity },
): Promise<RebuildStatus> {
  const row = await (db as Kysely<IndexTables>)
    .selectFrom('index_generations')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('entity', '=', scope.entity)
    .executeTakeFirst()
  return {
    ...scope,
    active: row?.active ?? 0,
    building: row?.building ?? null,
    done: row?.done ?? 0,
    total: row?.total ?? 0,
    checkpoint: row?.checkpoint ?? null,
    startedAt: iso(row?.started_at),
    finishedAt: iso(row?.finished_at),
  }
}

type Target = { readonly tenantId: string; readonly entity: IndexEntity }

/**
 * Opens generation `building` of a tenant's index of `entity` inside `trx` (whose caller holds
 * the entity's lock): its rows from any earlier try deleted, the source counted, the progress
 * reset to the first source id.
 */
async function beginGeneration(
  deps: ProjectorDeps,
  trx: Kysely<any>,
  generation: Target & { readonly active: number; readonly building: number },
): Promise<void> {
  const { tenantId, entity, active, building } = generation
  const source = entity === 'content' ? deps.sources.content?.(trx) : deps.sources.products?.(trx)
  const total = source ? await source.count(tenantId) : 0
  await sql`delete from ${sql.table(entity === 'content' ? 'index_content' : 'index_products')}
    where tenant_id = ${tenantId} and generation = ${building}`.execute(trx)
  await sql`
    insert into index_generations (tenant_id, entity, active, building, checkpoint, done, total,
      started_at, updated_at, finished_at)
    values (${tenantId}, ${entity}, ${active}, ${building}, null, 0, ${total}, now(), now(), null)
    on conflict (tenant_id, entity) do update set building = excluded.building,
      checkpoint = null, done = 0, total = excluded.total, started_at = now(),
      updated_at = now(), finished_at = null`.execute(trx)
}

/** Starts a rebuild beside the live generation, or keeps the one in progress (to resume it). */
async function begin(deps: RebuildDeps, options: RebuildOptions): Promise<void> {
  const { tenantId, entity } = options
  await deps.db.transaction().execute(async (trx) => {
    await lockEntity(trx, tenantId, entity)
    const status = await rebuildStatus(trx, { tenantId, entity })
    if (status.building !== null) return
    const { active } = status
    await beginGeneration(deps, trx, { tenantId, entity, active, building: active + 1 })
  })
}

/**
 * Starts a rebuild of a tenant's index of `entity` over, inside `trx`: a fresh generation beside
 * the live one, from the first source id. A rebuild in progress is abandoned (its batches were
 * written with what has just changed, e.g. the tenant's locales); its rows go at the switch. Run
 * it with {@link rebuildIndex} after the commit (the server's module does, and its resume job
 * would after a crash).
 */
export async function restartRebuild(
  deps: ProjectorDeps,
  trx: Kysely<any>,
  target: { readonly tenantId: string; readonly entity: IndexEntity },
): Promise<void> {
  const { tenantId, entity } = target
  await lockEntity(trx, tenantId, entity)
  const { active, building } = await rebuildStatus(trx, { tenantId, entity })
  const next = Math.max(active, building ?? active) + 1
  await beginGeneration(deps, trx, { tenantId, entity, active, building: next })
}

/** Writes the next batch, or switches over when the source is exhausted; `false` when done. */
async function step(
  deps: RebuildDeps,
  options: RebuildOptions & { readonly batchSize: number },
): Promise<boolean> {
  const { tenantId, entity, batchSize } = options
  const locales = await deps.locales(tenantId)
  return deps.db.transaction().execute(async (trx) => {
    await lockEntity(trx, tenantId, entity)
    const status = await rebuildStatus(trx, { tenantId, entity })
    if (status.building === null) return false
    const source = entity === 'content' ? deps.sources.content?.(trx) : deps.sources.products?.(trx)
    const ids = source
      ? await source.ids(tenantId, { after: status.checkpoint, limit: batchSize })
      : []
    const table = sql.table(entity === 'content' ? 'index_content' : 'index_products')
    if (ids.length === 0) {
      // The switch: one update, so readers go from the old generation to the complete new one.
      await sql`update index_generations set active = building, building = null,
        checkpoint = null, updated_at = now(), finished_at = now()
        where tenant_id = ${tenantId} and entity = ${entity}`.execute(trx)
      await sql`delete from ${table} where tenant_id = ${tenantId}
        and generation <> ${status.building}`.execute(trx)
      return false
    }
    await project(deps, trx, { tenantId, entity, ids, generations: [status.building], locales })
    await sql`update index_generations set checkpoint = ${ids.at(-1)!},
      done = done + ${ids.length}, total = greatest(total, done + ${ids.length}), updated_at = now()
      where tenant_id = ${tenantId} and entity = ${entity}`.execute(trx)
    return true
  })
}

/**
 * Rebuilds a tenant's index of `entity` from its source: a new generation beside the live one,
 * written in batches of source ids in id order (one transaction each, with the checkpoint), while
 * the projection keeps writing both generations; when the source is exhausted the live pointer
 * switches in one update and the old generation is deleted. A run that dies (a crash, SIGKILL)
 * leaves the checkpoint of its last committed batch: the next run resumes from it.
 *
 * @example
 * ```ts
 * await rebuildIndex({ db, sources, locales }, { tenantId, entity: 'products', onProgress: console.log })
 * ```
 */
export async function rebuildIndex(
  deps: RebuildDeps,
  options: RebuildOptions,
): Promise<RebuildStatus> {
  const batchSize = options.batchSize ?? 200
  await begin(deps, options)
  const scope = { tenantId: options.tenantId, entity: options.entity }
  for (
    let batches = 0;
    options.maxBatches === undefined || batches < options.maxBatches;
    batches++
  ) {
    const more = await step(deps, { ...options, batchSize })
    options.onProgress?.(await rebuildStatus(deps.db, scope))
    if (!more) break
  }
  return rebuildStatus(deps.db, scope)
}
