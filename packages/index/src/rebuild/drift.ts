import { isDeepStrictEqual } from 'node:util'
import { sql } from 'kysely'
import { contentDocuments, type ContentDocument } from '../documents/content-document'
import { productDocuments, type ProductDocument } from '../documents/product-document'
import type { IndexEntity } from '../index-tables'
import { readContentDocuments, readProductDocuments } from '../projection/document-reads'
import { project } from '../projection/projector'
import { rebuildStatus, type RebuildDeps } from './rebuild'

/** What a drift check found in the live generation, by entity id. */
export interface DriftReport {
  readonly tenantId: string
  readonly entity: IndexEntity
  /** Source entities checked. */
  readonly checked: number
  /** In the source, without (all) their documents. */
  readonly missing: readonly string[]
  /** Documents that differ from what the source gives now. */
  readonly stale: readonly string[]
  /** Documents of entities the source no longer has. */
  readonly orphaned: readonly string[]
  /** Whether the differences were repaired (re-projected). */
  readonly repaired: boolean
}

type Doc = ContentDocument | ProductDocument
const idOf = (doc: Doc): string => ('nodeId' in doc ? doc.nodeId : doc.productId)

function byId(docs: readonly Doc[]): Map<string, Doc[]> {
  const out = new Map<string, Doc[]>()
  for (const doc of docs) out.set(idOf(doc), [...(out.get(idOf(doc)) ?? []), doc])
  return out
}

/**
 * Compares a tenant's live read model of `entity` with what its source gives now, batch by
 * batch: entities without documents, documents that differ, documents of deleted entities. With
 * `repair`, re-projects every one of them (the projection's own function).
 *
 * @example
 * ```ts
 * const report = await checkDrift({ db, sources, locales }, { tenantId, entity: 'content', repair: true })
 * ```
 */
export async function checkDrift(
  deps: RebuildDeps,
  options: {
    readonly tenantId: string
    readonly entity: IndexEntity
    readonly repair?: boolean
    readonly batchSize?: number
  },
): Promise<DriftReport> {
  const { tenantId, entity } = options
  const { db } = deps
  const { active: generation } = await rebuildStatus(db, { tenantId, entity })
  const locales = await deps.locales(tenantId)
  const missing: string[] = []
  const stale: string[] = []
  let checked = 0
  let after: string | null = null
  for (;;) {
    const source = entity === 'content' ? deps.sources.content?.(db) : deps.sources.products?.(db)
    if (!source) break
    const ids: readonly string[] = await source.ids(tenantId, {
      after,
      limit: options.batchSize ?? 200,
    })
    if (ids.length === 0) break
    after = ids.at(-1)!
    checked += ids.length
    const expected: Doc[] =
      entity === 'content'
        ? (await deps.sources.content!(db).load(tenantId, ids)).flatMap((r) =>
            contentDocuments(r, locales),
          )
        : (await deps.sources.products!(db).load(tenantId, ids)).flatMap((r) =>
            productDocuments(r, locales),
          )
    const stored: Doc[] =
      entity === 'content'
        ? await readContentDocuments(db, { tenantId, generation, ids })
        : await readProductDocuments(db, { tenantId, generation, ids })
    const want = byId(expected)
    const have = byId(stored)
    for (const id of ids) {
      const a = want.get(id) ?? []
      const b = have.get(id) ?? []
      if (b.length === 0 && a.length > 0) missing.push(id)
      else if (!isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b))))
        stale.push(id)
    }
  }
  const table = entity === 'content' ? 'index_content' : 'index_products'
  const column = entity === 'content' ? 'node_id' : 'product_id'
  const source = entity === 'content' ? deps.sources.content?.(db) : deps.sources.products?.(db)
  const storedIds = await sql<{ id: string }>`
    select distinct ${sql.ref(column)} as id from ${sql.table(table)}
    where tenant_id = ${tenantId} and generation = ${generation}`.execute(db)
  const live = new Set<string>()
  const candidates = storedIds.rows.map((row) => row.id)
  for (let i = 0; source && i < candidates.length; i += 500) {
    const chunk = candidates.slice(i, i + 500)
    for (const record of await source.load(tenantId, chunk))
      live.add('node' in record ? record.node.id : record.product.id)
  }
  const orphaned = candidates.filter((id) => !live.has(id))
  const broken = [...missing, ...stale, ...orphaned]
  if (options.repair === true && broken.length > 0) {
    for (let i = 0; i < broken.length; i += 200) {
      const ids = broken.slice(i, i + 200)
      await db
        .transaction()
        .execute((trx) => project(deps, trx, { tenantId, entity, ids, locales }))
    }
  }
  return {
    tenantId,
    entity,
    checked,
    missing,
    stale,
    orphaned,
    repaired: options.repair === true && broken.length > 0,
  }
}
