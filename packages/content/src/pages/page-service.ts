import * as v from 'valibot'
import { resolveDeps, type ContentDeps } from '../content-deps'
import { ContentError } from '../content-error'
import { parseInput } from '../internal/parse-input'
import { createNodeService, type NodeService } from '../nodes/node-service'
import type { CreateNodeInput } from '../nodes/node-schemas'
import type { ContentActor, ContentNode, LocalizedNode } from '../nodes/node-types'
import { loadBlocks, localizeBlock } from './block-reads'
import type { AddBlockInput, ReorderBlocksInput, UpdateBlockInput } from './block-schemas'
import type { LocalizedBlock, PageBlock } from './block-types-out'
import {
  addBlock,
  deleteBlock,
  reorderBlocks,
  updateBlock,
  type BlockRef,
  type PageRef,
} from './block-writes'
import { issuePreviewToken, verifyPreviewToken } from './preview-tokens'

/** A page as editors see it: the node, its template and its blocks with every locale's texts. */
export interface AdminPage extends ContentNode {
  readonly template: string
  readonly blocks: readonly PageBlock[]
}

/** A page as a reader gets it: texts, SEO and blocks in one locale (the fallback chain). */
export interface PublicPage extends LocalizedNode {
  readonly template: string
  readonly blocks: readonly LocalizedBlock[]
}

/** Input of `pages.create`: a node of kind `page` with a template. */
export interface CreatePageInput extends Omit<CreateNodeInput, 'kind'> {
  /** A layout name the front end knows (`default`, `landing`, …); default `default`. */
  readonly template?: string
}

const TemplateSchema = v.pipe(
  v.string('must be a string'),
  v.regex(/^[a-z][a-z0-9_-]{0,49}$/, 'must be a lowercase name such as default or landing'),
)

/** Pages: nodes of kind `page` with a template and ordered, typed, translated blocks. */
export interface PageService {
  create(tenantId: string, input: CreatePageInput, actor: ContentActor): Promise<AdminPage>
  get(page: PageRef): Promise<AdminPage>
  addBlock(page: PageRef, input: AddBlockInput, actor: ContentActor): Promise<AdminPage>
  updateBlock(block: BlockRef, input: UpdateBlockInput, actor: ContentActor): Promise<AdminPage>
  deleteBlock(block: BlockRef, actor: ContentActor): Promise<AdminPage>
  /** Every block id of the page in the new order, in one transaction. */
  reorder(page: PageRef, input: ReorderBlocksInput, actor: ContentActor): Promise<AdminPage>
  /** A published page by its slug in `locale` (an old slug sets `redirectTo`). */
  findBySlug(
    tenantId: string,
    query: { readonly locale: string; readonly slug: string },
  ): Promise<{ readonly page: PublicPage; readonly redirectTo: string | null }>
  /** A short-lived token to preview one page, drafts included (the tenant's own signing key). */
  previewToken(
    page: PageRef,
    options?: { readonly ttlSeconds?: number },
  ): Promise<{ readonly token: string; readonly expiresAt: string }>
  /** The page a preview token opens, whatever its status; `UNAUTHORIZED` for a bad token. */
  preview(
    tenantId: string,
    query: { readonly token: string; readonly locale: string },
  ): Promise<PublicPage>
}

const templateOf = (node: { readonly metadata: Readonly<Record<string, unknown>> }): string =>
  typeof node.metadata.template === 'string' ? node.metadata.template : 'default'

/**
 * The page service over a database that has the content and pages tables.
 *
 * @example
 * ```ts
 * const pages = createPageService({ db, events: outbox })
 * const about = await pages.create(tenantId, { template: 'landing', translations: [{ locale: 'en', title: 'About' }] }, editor)
 * await pages.addBlock({ tenantId, pageId: about.id }, { type: 'hero', texts: { en: { title: 'Hello' } } }, editor)
 * ```
 */
export function createPageService(
  options: ContentDeps & { readonly nodes?: NodeService },
): PageService {
  const deps = resolveDeps(options)
  const nodes = options.nodes ?? createNodeService(options)

  async function get(page: PageRef): Promise<AdminPage> {
    const node = await nodes.get({ tenantId: page.tenantId, id: page.pageId })
    if (node.kind !== 'page') throw new ContentError('NOT_FOUND', `Page ${page.pageId} not found`)
    const blocks = await loadBlocks(deps, { tenantId: page.tenantId, pageIds: [node.id] })
    return { ...node, template: templateOf(node), blocks: blocks.get(node.id) ?? [] }
  }

  async function localized(
    tenantId: string,
    node: LocalizedNode,
    locale: string,
  ): Promise<PublicPage> {
    const [blocks, candidates] = await Promise.all([
      loadBlocks(deps, { tenantId, pageIds: [node.id] }),
      deps.locales(tenantId, locale),
    ])
    return {
      ...node,
      template: templateOf(node),
      blocks: (blocks.get(node.id) ?? []).map((block) => localizeBlock(block, candidates)),
    }
  }

  return {
    async create(tenantId, input, actor) {
      const { template: rawTemplate, ...rest } = input
      const template = parseInput(v.optional(TemplateSchema, 'default'), rawTemplate)
      const node = await nodes.create(
        tenantId,
        { ...rest, kind: 'page', metadata: { ...(rest.metadata ?? {}), template } },
        actor,
      )
      return { ...node, template, blocks: [] }
    },
    get,
    async addBlock(page, input, actor) {
      await addBlock(deps, { ...page, actor }, input)
      return get(page)
    },
    async updateBlock(block, input, actor) {
      await updateBlock(deps, { ...block, actor }, input)
      return get(block)
    },
    async deleteBlock(block, actor) {
      await deleteBlock(deps, { ...block, actor })
      return get(block)
    },
    async reorder(page, input, actor) {
      await reorderBlocks(deps, { ...page, actor }, input)
      return get(page)
    },
    async findBySlug(tenantId, query) {
      const match = await nodes.findBySlug(
        { tenantId, publishedOnly: true, format: 'html' },
        { kind: 'page', locale: query.locale, slug: query.slug },
      )
      return {
        page: await localized(tenantId, match.node, query.locale),
        redirectTo: match.redirectTo,
      }
    },
    async previewToken(page, options = {}) {
      await get(page)
      return issuePreviewToken(deps, page, options.ttlSeconds)
    },
    async preview(tenantId, query) {
      const pageId = await verifyPreviewToken(deps, tenantId, query.token)
      const node = await nodes.read(
        { tenantId, id: pageId },
        { locale: query.locale, format: 'html' },
      )
      if (node.kind !== 'page') throw new ContentError('NOT_FOUND', `Page ${pageId} not found`)
      return localized(tenantId, node, query.locale)
    },
  }
}
