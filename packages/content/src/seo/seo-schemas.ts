import * as v from 'valibot'

/** Largest JSON-LD document of one node and locale, in UTF-8 bytes of its JSON text. */
export const STRUCTURED_DATA_MAX_BYTES = 32_768

/**
 * The robots directives a page may carry (Google's and the common ones); `max-snippet`,
 * `max-image-preview` and `max-video-preview` take a value.
 */
export const ROBOTS_DIRECTIVES: readonly string[] = [
  'all',
  'none',
  'index',
  'noindex',
  'follow',
  'nofollow',
  'noarchive',
  'nocache',
  'nosnippet',
  'noimageindex',
  'notranslate',
  'indexifembedded',
]

const VALUED_DIRECTIVE =
  /^(max-snippet|max-video-preview):(-1|\d{1,6})$|^max-image-preview:(none|standard|large)$/

const OPPOSITES: readonly (readonly [string, string])[] = [
  ['index', 'noindex'],
  ['follow', 'nofollow'],
]

/** `NOINDEX, nofollow` → `noindex,nofollow`; `undefined` when a directive is unknown or clashes. */
function normaliseRobots(text: string): string | undefined {
  const parts = text
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '')
  if (parts.length === 0) return undefined
  if (!parts.every((part) => ROBOTS_DIRECTIVES.includes(part) || VALUED_DIRECTIVE.test(part)))
    return undefined
  if (OPPOSITES.some(([a, b]) => parts.includes(a) && parts.includes(b))) return undefined
  return [...new Set(parts)].join(',')
}

const RobotsSchema = v.pipe(
  v.string('must be a string'),
  v.maxLength(100, 'must be at most 100 characters'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const robots = normaliseRobots(dataset.value)
    if (robots !== undefined) return robots
    addIssue({
      message:
        'must be robots directives separated by commas (index, noindex, follow, nofollow, ' +
        'noarchive, nosnippet, max-snippet:N, …), without opposites',
    })
    return NEVER
  }),
)

const isHttpUrl = (text: string): boolean => {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

const UrlSchema = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.maxLength(2000, 'must be at most 2000 characters'),
  v.check(isHttpUrl, 'must be an absolute http or https URL'),
)

const optionalText = (max: number) =>
  v.optional(
    v.nullable(
      v.pipe(
        v.string('must be a string'),
        v.trim(),
        v.maxLength(max, `must be at most ${max} characters`),
      ),
    ),
    null,
  )

// PostgreSQL refuses U+0000 and unpaired surrogates in jsonb (a 500 if they reached it).
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u

/**
 * Whether `value` is plain JSON that PostgreSQL stores as it is: objects, arrays, strings,
 * finite numbers, booleans and null, no deeper than 32 levels. Walked without recursion.
 */
function isStorableJson(value: unknown): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }]
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; depth: number }
    const node = item.value
    if (node === null || typeof node === 'boolean') continue
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return false
      continue
    }
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) return false
      continue
    }
    if (typeof node !== 'object' || item.depth > 32) return false
    if (Array.isArray(node)) {
      for (const child of node as unknown[]) stack.push({ value: child, depth: item.depth + 1 })
      continue
    }
    if (Object.getPrototypeOf(node) !== Object.prototype && Object.getPrototypeOf(node) !== null)
      return false
    for (const [key, child] of Object.entries(node)) {
      if (UNSTORABLE.test(key)) return false
      stack.push({ value: child, depth: item.depth + 1 })
    }
  }
  return true
}

const StructuredDataSchema = v.optional(
  v.nullable(
    v.pipe(
      v.unknown(),
      v.check(
        (value) => typeof value === 'object' && value !== null,
        'must be a JSON object or array',
      ),
      v.check(isStorableJson, 'must be plain JSON (no NUL characters, at most 32 levels deep)'),
      v.check(
        (value) => Buffer.byteLength(JSON.stringify(value), 'utf8') <= STRUCTURED_DATA_MAX_BYTES,
        `must be at most ${STRUCTURED_DATA_MAX_BYTES} bytes as JSON`,
      ),
    ),
  ),
  null,
)

/** The Open Graph fields of a page (`og:title`, `og:description`, `og:image`, `og:type`). */
export interface OpenGraph {
  readonly title?: string | null
  readonly description?: string | null
  /** An absolute http or https URL. */
  readonly image?: string | null
  /** `website`, `article`, `product`, `video.movie`, … */
  readonly type?: string | null
}

const OpenGraphSchema = v.strictObject(
  {
    title: optionalText(255),
    description: optionalText(500),
    image: v.optional(v.nullable(UrlSchema), null),
    type: v.optional(
      v.nullable(
        v.pipe(
          v.string('must be a string'),
          v.regex(
            /^[a-z][a-z_]{0,30}(\.[a-z_]{1,30})?$/,
            'must be an Open Graph type such as article',
          ),
        ),
      ),
      null,
    ),
  },
  'must be an object with title, description, image and type only',
)

/**
 * SEO meta of a node in one locale, replaced as a whole (an absent field is cleared). Texts are
 * trimmed; `robots` is normalised (`NOINDEX, NoFollow` → `noindex,nofollow`).
 */
export interface SeoInput {
  /** At most 255 characters. */
  readonly title?: string | null
  /** At most 500 characters. */
  readonly description?: string | null
  /** At most 500 characters, e.g. `rust, cms`. */
  readonly keywords?: string | null
  /** An absolute http or https URL, at most 2000 characters. */
  readonly canonicalUrl?: string | null
  /** Robots directives from {@link ROBOTS_DIRECTIVES}, comma-separated. */
  readonly robots?: string | null
  readonly openGraph?: OpenGraph | null
  /** JSON-LD: a JSON object or array of at most 32 KiB. */
  readonly structuredData?: unknown
}

/** {@link SeoInput} after validation: every field present. */
export interface SeoCommand {
  title: string | null
  description: string | null
  keywords: string | null
  canonicalUrl: string | null
  robots: string | null
  openGraph: {
    title: string | null
    description: string | null
    image: string | null
    type: string | null
  } | null
  structuredData: unknown
}

/** The schema of {@link SeoInput}. */
export const SeoInputSchema: v.GenericSchema<SeoInput, SeoCommand> = v.object({
  title: optionalText(255),
  description: optionalText(500),
  keywords: optionalText(500),
  canonicalUrl: v.optional(v.nullable(UrlSchema), null),
  robots: v.optional(v.nullable(RobotsSchema), null),
  openGraph: v.optional(v.nullable(OpenGraphSchema), null),
  structuredData: StructuredDataSchema,
})
