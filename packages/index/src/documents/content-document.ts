import type { NodeIndexRecord } from '@rustok/content'
import type { IndexLocale } from './index-locales'
import { pickText, plainText } from './pick-text'

/** A content node's read-model document in one locale, texts picked through the fallback chain. */
export interface ContentDocument {
  readonly tenantId: string
  readonly nodeId: string
  readonly locale: string
  /** The locale the title, slug and excerpt came from (differs from `locale` on a fallback). */
  readonly textLocale: string
  readonly kind: string
  readonly status: string
  readonly published: boolean
  readonly authorId: string | null
  readonly categoryId: string | null
  /** The category path, root first. */
  readonly categoryIds: readonly string[]
  readonly categoryNames: readonly string[]
  readonly tagIds: readonly string[]
  readonly tagNames: readonly string[]
  readonly title: string
  readonly slug: string
  readonly excerpt: string | null
  /** The body as plain text. */
  readonly body: string
  readonly seo: { readonly title: string | null; readonly description: string | null } | null
  readonly publishedAt: string | null
  readonly createdAt: string
  readonly updatedAt: string
}

/** The locales a record has documents in: the tenant's, else its own translations' (no fallback). */
export function localesOf(
  translations: readonly { readonly locale: string }[],
  locales: readonly IndexLocale[] | null,
): readonly IndexLocale[] {
  if (locales) return locales
  return [...new Set(translations.map((t) => t.locale))].map((locale) => ({
    locale,
    candidates: [locale],
  }))
}

/** The documents of one node: one per locale, none for a node without a translation. */
export function contentDocuments(
  record: NodeIndexRecord,
  locales: readonly IndexLocale[] | null,
): ContentDocument[] {
  const { node } = record
  return localesOf(node.translations, locales).flatMap(({ locale, candidates }) => {
    const text = pickText(node.translations, candidates)
    if (!text) return []
    const body = pickText(node.bodies, candidates)
    const seo = pickText(node.seo, candidates)
    return [
      {
        tenantId: node.tenantId,
        nodeId: node.id,
        locale,
        textLocale: text.locale,
        kind: node.kind,
        status: node.status,
        published: node.status === 'published',
        authorId: node.authorId,
        categoryId: node.categoryId,
        categoryIds: record.categoryPath.map((category) => category.id),
        categoryNames: record.categoryPath.map(
          (category) => pickText(category.translations, candidates)?.name ?? '',
        ),
        tagIds: record.tags.map((tag) => tag.id),
        tagNames: record.tags.map((tag) => pickText(tag.translations, candidates)?.name ?? ''),
        title: text.title,
        slug: text.slug,
        excerpt: text.excerpt,
        body: body ? plainText(body.body) : '',
        seo: seo ? { title: seo.title, description: seo.description } : null,
        publishedAt: node.publishedAt,
        createdAt: node.createdAt,
        updatedAt: node.updatedAt,
      },
    ]
  })
}
