/** The Open Graph fields of a node in one locale, as stored (absent fields are `null`). */
export interface OpenGraphMeta {
  readonly title: string | null
  readonly description: string | null
  readonly image: string | null
  readonly type: string | null
}

/** A node's SEO meta in one locale. */
export interface NodeSeo {
  readonly locale: string
  readonly title: string | null
  readonly description: string | null
  readonly keywords: string | null
  readonly canonicalUrl: string | null
  /** Normalised directives, e.g. `noindex,nofollow`. */
  readonly robots: string | null
  readonly openGraph: OpenGraphMeta
  /** JSON-LD (an object or array), or `null`. */
  readonly structuredData: unknown
  readonly updatedAt: string
}
