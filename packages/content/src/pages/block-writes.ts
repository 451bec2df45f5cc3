import * as v from 'valibot'
import { sql, type Kysely } from 'kysely'
import type { ResolvedContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { sanitizeHtml } from '../body-format'
import { nodeUpdated } from '../events/node-events'
import { parseInput } from '../internal/parse-input'
import { lockNode, writeChange, type PendingEvents } from '../nodes/node-tx'
import type { ContentActor } from '../nodes/node-types'
import {
  AddBlockSchema,
  MAX_PAGE_BLOCKS,
  ReorderBlocksSchema,
  UpdateBlockSchema,
  type AddBlockInput,
  type ReorderBlocksInput,
  type UpdateBlockInput,
} from './block-schemas'
import { BLOCK_SCHEMAS, type BlockType } from './block-types'
import type { PagesTables } from './pages-tables'

/** A page of a tenant. */
export interface PageRef {
  readonly tenantId: string
  readonly pageId: string
}

/** A block of a page. */
export interface BlockRef extends PageRef {
  readonly blockId: string
}

const invalid = (path: string, message: string): ContentError =>
  new ContentError('INVALID_INPUT', `${path}: ${message}`, { errors: [{ path, message }] })

/** Checks `value` against a type's schema; field errors under `path`. */
function checked(schema: v.GenericSchema, value: unknown, path: string): Record<string, unknown> {
  const result = v.safeParse(schema, value)
  if (result.success) return result.output as Record<string, unknown>
  const errors = result.issues.map((issue) => {
    const inner = v.getDotPath(issue)
    return { path: inner ? `${path}.${inner}` : path, message: issue.message }
  })
  throw new ContentError('INVALID_INPUT', `Invalid block: ${errors[0]?.path ?? path}`, { errors })
}

/** A type's texts, with an html block's markup sanitised on the way in. */
function cleanTexts(type: BlockType, texts: Record<string, unknown>): Record<string, unknown> {
  return type === 'html' && typeof texts.html === 'string'
    ? { ...texts, html: sanitizeHtml(texts.html) }
    : texts
}

/**
 * A change to a page's blocks counts as a change of the page: it takes the page node's lock
 * (blocks of one page change one at a time), needs the right to change it, touches its
 * `updatedAt` and emits `node.updated`, all in one transaction.
 */
async function changePage<T>(
  deps: ResolvedContentDeps,
  command: PageRef & { readonly actor: ContentActor },
  work: (trx: Kysely<PagesTables>, events: PendingEvents) => Promise<T>,
): Promise<T> {
  const { tenantId, pageId, actor } = command
  return writeChange(deps, { tenantId, actor }, async (trx, events) => {
    const row = await lockNode(trx, { tenantId, id: pageId, actor })
    if (row.kind !== 'page') throw new ContentError('NOT_FOUND', `Page ${pageId} not found`)
    const out = await work(trx as unknown as Kysely<PagesTables>, events)
    await trx
      .updateTable('content_nodes')
      .set({ updated_at: deps.now() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', pageId)
      .execute()
    events.add(nodeUpdated, { nodeId: pageId, kind: 'page' })
    return out
  })
}

async function writeTexts(
  trx: Kysely<PagesTables>,
  block: { readonly tenantId: string; readonly id: string; readonly type: BlockType },
  texts: Readonly<Record<string, Record<string, unknown> | null>>,
): Promise<void> {
  const schema = BLOCK_SCHEMAS[block.type].texts
  for (const [locale, value] of Object.entries(texts)) {
    if (value === null) {
      await trx
        .deleteFrom('content_page_block_translations')
        .where('tenant_id', '=', block.tenantId)
        .where('block_id', '=', block.id)
        .where('locale', '=', locale)
        .execute()
      continue
    }
    const clean = cleanTexts(block.type, checked(schema, value, `texts.${locale}`))
    await trx
      .insertInto('content_page_block_translations')
      .values({
        tenant_id: block.tenantId,
        block_id: block.id,
        locale,
        texts: JSON.stringify(clean),
      })
      .onConflict((oc) =>
        oc
          .columns(['block_id', 'locale'])
          .doUpdateSet((eb) => ({ texts: eb.ref('excluded.texts') })),
      )
      .execute()
  }
}

/** Adds a block at `position` (default: last); the blocks after it move down one. */
export async function addBlock(
  deps: ResolvedContentDeps,
  command: PageRef & { readonly actor: ContentActor },
  rawInput: AddBlockInput,
): Promise<string> {
  const input = parseInput(AddBlockSchema, rawInput)
  const data = checked(BLOCK_SCHEMAS[input.type].data, input.data, 'data')
  const id = deps.newId()
  const { tenantId, pageId } = command
  await changePage(deps, command, async (trx) => {
    const count = await trx
      .selectFrom('content_page_blocks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('page_id', '=', pageId)
      .executeTakeFirstOrThrow()
    const n = Number(count.n)
    if (n >= MAX_PAGE_BLOCKS)
      throw new ContentError('CONFLICT', `A page has at most ${MAX_PAGE_BLOCKS} blocks`)
    const position = Math.min(input.position ?? n, n)
    await trx
      .updateTable('content_page_blocks')
      .set((eb) => ({ position: eb('position', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('page_id', '=', pageId)
      .where('position', '>=', position)
      .execute()
    const at = deps.now()
    await trx
      .insertInto('content_page_blocks')
      .values({
        id,
        tenant_id: tenantId,
        page_id: pageId,
        position,
        type: input.type,
        data: JSON.stringify(data),
        created_at: at,
        updated_at: at,
      })
      .execute()
    await writeTexts(trx, { tenantId, id, type: input.type }, input.texts)
  })
  return id
}

async function blockType(trx: Kysely<PagesTables>, ref: BlockRef): Promise<BlockType> {
  const row = await trx
    .selectFrom('content_page_blocks')
    .select('type')
    .where('tenant_id', '=', ref.tenantId)
    .where('page_id', '=', ref.pageId)
    .where('id', '=', ref.blockId)
    .executeTakeFirst()
  if (!row) throw new ContentError('NOT_FOUND', `Block ${ref.blockId} not found`)
  return row.type as BlockType
}

/** Replaces a block's data and merges its texts by locale (`null` drops one). */
export async function updateBlock(
  deps: ResolvedContentDeps,
  command: BlockRef & { readonly actor: ContentActor },
  rawInput: UpdateBlockInput,
): Promise<void> {
  const input = parseInput(UpdateBlockSchema, rawInput)
  await changePage(deps, command, async (trx) => {
    const type = await blockType(trx, command)
    if (input.data) {
      const data = checked(BLOCK_SCHEMAS[type].data, input.data, 'data')
      await trx
        .updateTable('content_page_blocks')
        .set({ data: JSON.stringify(data), updated_at: deps.now() })
        .where('tenant_id', '=', command.tenantId)
        .where('id', '=', command.blockId)
        .execute()
    }
    if (input.texts)
      await writeTexts(trx, { tenantId: command.tenantId, id: command.blockId, type }, input.texts)
  })
}

/** Deletes a block; the blocks after it move up one. */
export async function deleteBlock(
  deps: ResolvedContentDeps,
  command: BlockRef & { readonly actor: ContentActor },
): Promise<void> {
  await changePage(deps, command, async (trx) => {
    const removed = await trx
      .deleteFrom('content_page_blocks')
      .where('tenant_id', '=', command.tenantId)
      .where('page_id', '=', command.pageId)
      .where('id', '=', command.blockId)
      .returning('position')
      .executeTakeFirst()
    if (!removed) throw new ContentError('NOT_FOUND', `Block ${command.blockId} not found`)
    await trx
      .updateTable('content_page_blocks')
      .set((eb) => ({ position: eb('position', '-', 1) }))
      .where('tenant_id', '=', command.tenantId)
      .where('page_id', '=', command.pageId)
      .where('position', '>', removed.position)
      .execute()
  })
}

/** Puts the page's blocks in the given order: every block id of the page, once each. */
export async function reorderBlocks(
  deps: ResolvedContentDeps,
  command: PageRef & { readonly actor: ContentActor },
  rawInput: ReorderBlocksInput,
): Promise<void> {
  const { blockIds } = parseInput(ReorderBlocksSchema, rawInput)
  await changePage(deps, command, async (trx) => {
    const rows = await trx
      .selectFrom('content_page_blocks')
      .select('id')
      .where('tenant_id', '=', command.tenantId)
      .where('page_id', '=', command.pageId)
      .execute()
    const own = new Set(rows.map((row) => row.id))
    const foreign = blockIds.findIndex((id) => !own.has(id))
    if (foreign >= 0) throw invalid(`blockIds.${foreign}`, 'is not a block of this page')
    if (blockIds.length !== own.size)
      throw invalid('blockIds', `must name all ${own.size} blocks of the page`)
    // One statement; the unique position is checked at commit, so a swap never collides.
    await sql`
      update content_page_blocks b set position = o.n - 1, updated_at = b.updated_at
      from unnest(${blockIds}::uuid[]) with ordinality as o (id, n)
      where b.tenant_id = ${command.tenantId} and b.page_id = ${command.pageId} and b.id = o.id`.execute(
      trx,
    )
  })
}
