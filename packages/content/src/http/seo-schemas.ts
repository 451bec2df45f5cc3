import * as v from 'valibot'

const NullableString = v.nullable(v.string())
const Text = (max: number) => v.optional(v.nullable(v.pipe(v.string(), v.maxLength(max))))
const Url = v.optional(
  v.nullable(
    v.pipe(v.string(), v.maxLength(2000), v.description('An absolute http or https URL.')),
  ),
)

const SeoValueEntries = {
  title: NullableString,
  description: NullableString,
  keywords: NullableString,
  canonicalUrl: NullableString,
  robots: v.pipe(NullableString, v.description('Normalised directives: `noindex,nofollow`.')),
  openGraph: v.object({
    title: NullableString,
    description: NullableString,
    image: NullableString,
    type: NullableString,
  }),
  structuredData: v.pipe(v.unknown(), v.description('JSON-LD: an object or array, or null.')),
  updatedAt: v.string(),
}

/** A node's SEO meta in one locale (the admin node's `seo` items). */
export const NodeSeoSchema = v.object({ locale: v.string(), ...SeoValueEntries })

/** The SEO meta of a localized node: the best locale through the fallback chain, or null. */
export const LocalizedSeoSchema = v.nullable(
  v.object({
    locale: v.pipe(v.string(), v.description('The locale this meta is in.')),
    requested: v.pipe(v.string(), v.description('The locale that was asked for.')),
    fallback: v.pipe(v.boolean(), v.description('True when `locale` differs from `requested`.')),
    value: v.object(SeoValueEntries),
  }),
)

/** Body of `PUT /api/content/nodes/:id/seo/:locale`: replaces the locale's meta. */
export const SeoBody = v.object({
  title: Text(255),
  description: Text(500),
  keywords: Text(500),
  canonicalUrl: Url,
  robots: v.optional(
    v.nullable(
      v.pipe(
        v.string(),
        v.maxLength(100),
        v.description(
          'Comma-separated directives: index, noindex, follow, nofollow, none, all, noarchive, ' +
            'nocache, nosnippet, noimageindex, notranslate, indexifembedded, max-snippet:N, ' +
            'max-video-preview:N, max-image-preview:none|standard|large; no opposites.',
        ),
      ),
    ),
  ),
  openGraph: v.optional(
    v.nullable(
      v.object({
        title: Text(255),
        description: Text(500),
        image: Url,
        type: v.optional(
          v.nullable(v.pipe(v.string(), v.maxLength(62), v.description('`article`, `website`, …'))),
        ),
      }),
    ),
  ),
  structuredData: v.optional(
    v.pipe(
      v.nullable(v.union([v.record(v.string(), v.unknown()), v.array(v.unknown())])),
      v.description('JSON-LD: a JSON object or array of at most 32 KiB.'),
    ),
  ),
})

export const SeoParams = v.object({
  id: v.pipe(v.string(), v.uuid('Expected a UUID')),
  locale: v.pipe(
    v.string(),
    v.maxLength(10),
    v.regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, 'Expected a locale code such as en or pt-BR'),
    v.description('A locale code such as en or pt-BR.'),
  ),
})
