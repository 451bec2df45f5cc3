import { sql, type Kysely } from 'kysely'
import type { BlogTables } from './blog-tables'

/** Words read per minute for the reading time. */
export const WORDS_PER_MINUTE = 200

/** A post's featured image, when its media item exists in the post's tenant. */
export interface FeaturedImage {
  readonly id: string
  readonly mimeType: string
  readonly width: number | null
  readonly height: number | null
}

/** What the blog adds to a node when it shows a post. */
export interface PostExtras {
  readonly featuredImage: FeaturedImage | null
  /** Minutes to read the body shown (words / 200, rounded up); `null` without a body. */
  readonly readingMinutes: number | null
  /** Approved comments. */
  readonly commentCount: number
  readonly commentsEnabled: boolean
}

/** Minutes to read `words` words. */
export function readingMinutes(words: number): number | null {
  return words <= 0 ? null : Math.max(1, Math.ceil(words / WORDS_PER_MINUTE))
}

interface ExtraRow {
  id: string
  approved_comments: number | null
  comments_enabled: boolean
  media_id: string | null
  mime_type: string | null
  width: number | null
  height: number | null
}

/**
 * The extras of a page of posts in two statements however many: counters and featured images
 * (joined within the tenant, so an id of another tenant's media shows nothing), then the word
 * count of every body (tags stripped, split on white space) by locale. `bodyLocale` picks, per
 * post, the locale whose body the reader gets.
 */
export async function loadPostExtras(
  db: Kysely<BlogTables>,
  posts: { readonly tenantId: string; readonly ids: readonly string[] },
  bodyLocale: (postId: string) => string | null,
): Promise<Map<string, PostExtras>> {
  const { tenantId, ids } = posts
  if (ids.length === 0) return new Map()
  const idList = sql.join(ids.map((id) => sql`${id}::uuid`))
  const image = sql`n.metadata #>> '{blog,featuredImageId}'`
  const extras = await sql<ExtraRow>`
    select n.id, c.approved_comments,
      coalesce(n.metadata #>> '{blog,commentsEnabled}', 'true') <> 'false' as comments_enabled,
      m.id as media_id, m.mime_type, m.width, m.height
    from content_nodes n
    left join content_blog_post_counts c on c.tenant_id = n.tenant_id and c.post_id = n.id
    left join content_media m on m.tenant_id = n.tenant_id and m.id = (
      case when ${image} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      then (${image})::uuid end)
    where n.tenant_id = ${tenantId} and n.id in (${idList})`.execute(db)
  const words = await sql<{ node_id: string; locale: string; words: number }>`
    select node_id, locale, case when btrim(t.text) = '' then 0
      else array_length(regexp_split_to_array(btrim(t.text), '\\s+'), 1) end as words
    from content_bodies,
      lateral (select regexp_replace(body, '<[^>]*>', ' ', 'g') as text) t
    where tenant_id = ${tenantId} and node_id in (${idList})`.execute(db)
  const wordsOf = new Map(words.rows.map((row) => [`${row.node_id}/${row.locale}`, row.words]))
  return new Map(
    extras.rows.map((row) => {
      const locale = bodyLocale(row.id)
      const count = locale === null ? 0 : (wordsOf.get(`${row.id}/${locale}`) ?? 0)
      return [
        row.id,
        {
          featuredImage:
            row.media_id === null
              ? null
              : {
                  id: row.media_id,
                  mimeType: row.mime_type ?? 'application/octet-stream',
                  width: row.width,
                  height: row.height,
                },
          readingMinutes: readingMinutes(Number(count)),
          commentCount: row.approved_comments ?? 0,
          commentsEnabled: row.comments_enabled,
        },
      ]
    }),
  )
}
