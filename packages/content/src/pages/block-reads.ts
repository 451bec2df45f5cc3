import type { Kysely } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import type { BlockType } from './block-types'
import type { LocalizedBlock, PageBlock } from './block-types-out'
import type { PagesTables } from './pages-tables'

/** The blocks of pages `pageIds` in order, with every locale's texts: two queries. */
export async function loadBlocks(
  deps: ResolvedContentDeps,
  scope: { readonly tenantId: string; readonly pageIds: readonly string[] },
): Promise<Map<string, PageBlock[]>> {
  const out = new Map<string, PageBlock[]>()
  if (scope.pageIds.length === 0) return out
  const db = deps.db as unknown as Kysely<PagesTables>
  const blocks = await db
    .selectFrom('content_page_blocks')
    .select(['id', 'page_id', 'position', 'type', 'data', 'updated_at'])
    .where('tenant_id', '=', scope.tenantId)
    .where('page_id', 'in', scope.pageIds)
    .orderBy('page_id')
    .orderBy('position')
    .execute()
  const texts = blocks.length
    ? await db
        .selectFrom('content_page_block_translations')
        .select(['block_id', 'locale', 'texts'])
        .where('tenant_id', '=', scope.tenantId)
        .where(
          'block_id',
          'in',
          blocks.map((block) => block.id),
        )
        .orderBy('locale')
        .execute()
    : []
  const textsBy = new Map<string, Record<string, Record<string, unknown>>>()
  for (const row of texts) {
    const own = textsBy.get(row.block_id) ?? {}
    own[row.locale] = row.texts
    textsBy.set(row.block_id, own)
  }
  for (const block of blocks) {
    const list = out.get(block.page_id) ?? []
    list.push({
      id: block.id,
      position: block.position,
      type: block.type as BlockType,
      data: block.data,
      texts: textsBy.get(block.id) ?? {},
      updatedAt: block.updated_at.toISOString(),
    })
    out.set(block.page_id, list)
  }
  return out
}

/** A block in the reader's locale: the first of `candidates` it has texts in, else any. */
export function localizeBlock(block: PageBlock, candidates: readonly string[]): LocalizedBlock {
  const locale =
    candidates.find((candidate) => block.texts[candidate] !== undefined) ??
    Object.keys(block.texts)[0] ??
    null
  return {
    id: block.id,
    type: block.type,
    data: block.data,
    texts: locale === null ? null : (block.texts[locale] ?? null),
    locale,
  }
}
