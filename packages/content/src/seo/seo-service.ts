import { resolveDeps, type ContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { nodeUpdated } from '../events/node-events'
import { IdSchema, LocaleSchema, parseInput } from '../internal/parse-input'
import { lockNode, writeChange, type NodeRef } from '../nodes/node-tx'
import type { ContentActor } from '../nodes/node-types'
import { loadSeo } from './seo-rows'
import { SeoInputSchema, type SeoInput } from './seo-schemas'
import type { NodeSeo } from './seo-types'

/** A node's SEO meta in one locale. */
export interface SeoTarget {
  readonly node: NodeRef
  readonly locale: string
}

/**
 * SEO meta of live nodes, per locale. A change counts as a change of the node: it takes the
 * node's lock, needs the right to change the node, touches its `updatedAt` and emits
 * `node.updated` in the same transaction. Another tenant's node is `NOT_FOUND`.
 */
export interface SeoService {
  /** Sets (replaces) the meta of one locale; returns it as stored. */
  set(target: SeoTarget, input: SeoInput, actor: ContentActor): Promise<NodeSeo>
  /** Deletes the meta of one locale; `NOT_FOUND` when the node has none there. */
  delete(target: SeoTarget, actor: ContentActor): Promise<void>
}

/**
 * The SEO service over a database that has the content tables (the same deps as
 * `createNodeService`). Node reads return the meta as `seo`.
 *
 * @example
 * ```ts
 * const seo = createSeoService({ db, events: outbox })
 * await seo.set({ node: { tenantId, id }, locale: 'en' }, { title: 'Hello', robots: 'noindex' }, actor)
 * ```
 */
export function createSeoService(options: ContentDeps): SeoService {
  const deps = resolveDeps(options)
  const parseTarget = (target: SeoTarget) => ({
    tenantId: target.node.tenantId,
    id: parseInput(IdSchema, target.node.id, 'id'),
    locale: parseInput(LocaleSchema, target.locale, 'locale'),
  })
  return {
    async set(target, rawInput, actor) {
      const { tenantId, id, locale } = parseTarget(target)
      const input = parseInput(SeoInputSchema, rawInput)
      await writeChange(deps, { tenantId, actor }, async (trx, events) => {
        const node = await lockNode(trx, { tenantId, id, actor })
        const at = deps.now()
        const row = {
          title: input.title,
          description: input.description,
          keywords: input.keywords,
          canonical_url: input.canonicalUrl,
          robots: input.robots,
          open_graph: JSON.stringify(input.openGraph ?? {}),
          structured_data:
            input.structuredData === null ? null : JSON.stringify(input.structuredData),
          updated_at: at,
        }
        await trx
          .insertInto('content_seo')
          .values({ tenant_id: tenantId, node_id: id, locale, ...row })
          .onConflict((oc) => oc.columns(['node_id', 'locale']).doUpdateSet(row))
          .execute()
        await trx
          .updateTable('content_nodes')
          .set({ updated_at: at })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .execute()
        events.add(nodeUpdated, { nodeId: id, kind: node.kind })
      })
      const saved = await loadSeo(deps.db, { tenantId, ids: [id] })
      const meta = saved.get(id)?.find((item) => item.locale === locale)
      // Only a purge racing this read gets here.
      if (!meta) throw new ContentError('NOT_FOUND', `Node ${id} not found`)
      return meta
    },
    async delete(target, actor) {
      const { tenantId, id, locale } = parseTarget(target)
      await writeChange(deps, { tenantId, actor }, async (trx, events) => {
        const node = await lockNode(trx, { tenantId, id, actor })
        const removed = await trx
          .deleteFrom('content_seo')
          .where('tenant_id', '=', tenantId)
          .where('node_id', '=', id)
          .where('locale', '=', locale)
          .returning('locale')
          .executeTakeFirst()
        if (!removed) throw new ContentError('NOT_FOUND', `Node ${id} has no SEO meta in ${locale}`)
        await trx
          .updateTable('content_nodes')
          .set({ updated_at: deps.now() })
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .execute()
        events.add(nodeUpdated, { nodeId: id, kind: node.kind })
      })
    },
  }
}
