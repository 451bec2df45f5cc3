import type { BodyFormat, NodeStatus } from '../content-tables'
import type { NodeSeo } from '../seo/seo-types'

/** A node's title, slug and excerpt in one locale. */
export interface NodeTranslation {
  readonly locale: string
  readonly title: string
  readonly slug: string
  readonly excerpt: string | null
}

/** A node's body in one locale. */
export interface NodeBody {
  readonly locale: string
  readonly format: BodyFormat
  readonly body: string
  readonly updatedAt: string
}

/** The fields every view of a node has. Times are ISO 8601 strings in UTC. */
export interface NodeFields {
  readonly id: string
  readonly tenantId: string
  readonly kind: string
  readonly status: NodeStatus
  readonly parentId: string | null
  readonly depth: number
  readonly authorId: string | null
  readonly categoryId: string | null
  readonly position: number
  readonly metadata: Readonly<Record<string, unknown>>
  readonly createdAt: string
  readonly updatedAt: string
  readonly publishedAt: string | null
  readonly publishAt: string | null
  readonly unpublishAt: string | null
  readonly deletedAt: string | null
  /** The number of the latest revision. */
  readonly revision: number
}

/** A node with every translation and body: what the admin API works with. */
export interface ContentNode extends NodeFields {
  readonly translations: readonly NodeTranslation[]
  readonly bodies: readonly NodeBody[]
  /** Ids of the tags the node carries. */
  readonly tagIds: readonly string[]
  /** SEO meta, one per locale that has any. */
  readonly seo: readonly NodeSeo[]
}

/**
 * A text picked for a reader's locale through the tenant's fallback chain: `locale` says which
 * translation it came from, `requested` what was asked for.
 */
export interface LocalizedText<T> {
  readonly locale: string
  readonly requested: string
  readonly fallback: boolean
  readonly value: T
}

/** A node as a reader sees it in one locale. */
export interface LocalizedNode extends NodeFields {
  /** `null` only for a node without any translation (never for one created by this package). */
  readonly translation: LocalizedText<Omit<NodeTranslation, 'locale'>> | null
  /** `null` when the node has no body in any locale. With `format: 'html'`, `html` is filled. */
  readonly body: LocalizedText<{
    readonly format: BodyFormat
    readonly body: string
    readonly html?: string
  }> | null
  readonly tagIds: readonly string[]
  /** SEO meta in the reader's locale through the same fallback; `null` when the node has none. */
  readonly seo: LocalizedText<Omit<NodeSeo, 'locale'>> | null
}

/** A node in a list: its fields and its translation in the reader's locale. */
export interface NodeListItem extends NodeFields {
  readonly translation: LocalizedText<Omit<NodeTranslation, 'locale'>> | null
}

/** Who makes a change, how far their permission reaches, and the chain it belongs to. */
export interface ContentActor {
  /** The acting user; `null` for the system (the scheduler, a seed). */
  readonly userId: string | null
  /**
   * `all`: may change any node; `own`: only nodes the user authors (and a new node's author is
   * the user, whatever the input says).
   */
  readonly scope: 'all' | 'own'
  readonly correlationId?: string | null
  readonly causationId?: string | null
  readonly traceId?: string | null
}

/** The system actor, for jobs and seeds. */
export const SYSTEM_ACTOR: ContentActor = { userId: null, scope: 'all' }
