import { sql, type Kysely } from 'kysely'
import { rawList } from '../content/content-raw'

/**
 * The newest 20 published posts with what the blog adds (comment count, featured image, words of
 * the body in the text's locale), by hand: the baseline of `posts.list`.
 */
export async function rawPostList(
  db: Kysely<unknown>,
  query: { readonly tenantId: string; readonly locales: readonly string[] },
): Promise<unknown[]> {
  const rows = (await rawList(db, query)) as { id: string }[]
  const ids = rows.slice(0, 20).map((row) => row.id)
  if (ids.length === 0) return rows
  const idList = sql.join(ids.map((id) => sql`${id}::uuid`))
  await sql`
    select n.id, c.approved_comments, m.id as media_id, m.mime_type, m.width, m.height
    from content_nodes n
    left join content_blog_post_counts c on c.tenant_id = n.tenant_id and c.post_id = n.id
    left join content_media m on m.tenant_id = n.tenant_id
      and m.id::text = n.metadata #>> '{blog,featuredImageId}'
    where n.tenant_id = ${query.tenantId}::uuid and n.id in (${idList})`.execute(db)
  await sql`
    select node_id, locale, array_length(regexp_split_to_array(btrim(body), '\\s+'), 1) as words
    from content_bodies where tenant_id = ${query.tenantId}::uuid and node_id in (${idList})`.execute(
    db,
  )
  return rows
}

/**
 * An approved comment on a post by hand, in one transaction: the post checked, its counters
 * moved, the comment inserted, `comment.created` in the outbox. The baseline of `comments.create`.
 */
export async function rawComment(
  db: Kysely<unknown>,
  input: {
    readonly tenantId: string
    readonly postId: string
    readonly id: string
    readonly authorId: string
  },
): Promise<void> {
  const { tenantId, postId, id, authorId } = input
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql`select id from content_nodes where tenant_id = ${tenantId}::uuid
      and id = ${postId}::uuid and kind = 'post' and status = 'published'
      and deleted_at is null`.execute(trx)
    if (rows.length === 0) throw new Error('no post')
    await sql`insert into content_blog_post_counts (tenant_id, post_id, approved_comments)
      values (${tenantId}, ${postId}, 1) on conflict (post_id) do update
      set approved_comments = content_blog_post_counts.approved_comments + 1`.execute(trx)
    await sql`insert into content_blog_comments (id, tenant_id, post_id, author_id, body, status)
      values (${id}, ${tenantId}, ${postId}, ${authorId}, 'Nice post!', 'approved')`.execute(trx)
    await sql`insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
        correlation_id, occurred_at, payload)
      values (${id}, ${tenantId}, 'comment.created', 1, 'comment', ${id}, ${id}, now(),
        ${JSON.stringify({ commentId: id, postId, parentId: null, authorId, status: 'approved' })})`.execute(
      trx,
    )
  })
}
