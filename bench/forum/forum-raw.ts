import { sql, type Kysely } from 'kysely'

/** A page of 20 topics of a category, pinned first then by last activity, by hand. */
export async function rawTopicList(
  db: Kysely<unknown>,
  query: { readonly tenantId: string; readonly categoryId: string },
): Promise<unknown[]> {
  const { tenantId, categoryId } = query
  await sql`select id from content_forum_categories where tenant_id = ${tenantId}::uuid
    and id = ${categoryId}::uuid`.execute(db)
  const { rows } = await sql`select *, to_char(last_activity_at at time zone 'UTC',
      'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_value
    from content_forum_topics where tenant_id = ${tenantId}::uuid and category_id = ${categoryId}::uuid
    order by pinned desc, last_activity_at desc, id desc limit 21`.execute(db)
  return rows
}

/**
 * An approved reply by hand, in one transaction: the topic locked and checked, the reply
 * inserted, the topic's and category's counters and last activity moved, `forum_reply.created` in
 * the outbox. The baseline of `forum.reply`.
 */
export async function rawReply(
  db: Kysely<unknown>,
  input: {
    readonly tenantId: string
    readonly topicId: string
    readonly id: string
    readonly authorId: string
  },
): Promise<void> {
  const { tenantId, topicId, id, authorId } = input
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ category_id: string; locked: boolean; status: string }>`
      select category_id, locked, status from content_forum_topics
      where tenant_id = ${tenantId}::uuid and id = ${topicId}::uuid for update`.execute(trx)
    const topic = rows[0]
    if (!topic || topic.locked || topic.status !== 'open') throw new Error('no open topic')
    await sql`select moderated from content_forum_categories where tenant_id = ${tenantId}::uuid
      and id = ${topic.category_id}::uuid`.execute(trx)
    await sql`insert into content_forum_replies (id, tenant_id, topic_id, depth, path, author_id,
        body, status) values (${id}, ${tenantId}, ${topicId}, 0, ${id}, ${authorId}, 'Agreed!',
        'approved')`.execute(trx)
    await sql`update content_forum_topics set reply_count = reply_count + 1,
        last_activity_at = now(), last_poster_id = ${authorId}
      where tenant_id = ${tenantId}::uuid and id = ${topicId}::uuid`.execute(trx)
    await sql`update content_forum_categories set reply_count = reply_count + 1,
        last_activity_at = now(), last_poster_id = ${authorId}
      where tenant_id = ${tenantId}::uuid and id = ${topic.category_id}::uuid`.execute(trx)
    await sql`insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
        correlation_id, occurred_at, payload)
      values (${id}, ${tenantId}, 'forum_reply.created', 1, 'forum_reply', ${id}, ${id}, now(),
        ${JSON.stringify({ replyId: id, topicId, parentId: null, authorId, status: 'approved' })})`.execute(
      trx,
    )
  })
}
