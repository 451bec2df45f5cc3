import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'

/**
 * One forum category with `count` open topics (every 500th pinned, one a second apart) written in
 * bulk by SQL, with its counters set as the service would keep them. Returns the category's id.
 */
export async function seedForum(
  db: Kysely<unknown>,
  options: { readonly tenantId: string; readonly count: number },
): Promise<string> {
  const { tenantId, count } = options
  const categoryId = randomUUID()
  const poster = randomUUID()
  await sql`insert into content_forum_categories (id, tenant_id, topic_count, last_activity_at,
      last_poster_id) values (${categoryId}, ${tenantId}, ${count}, now(), ${poster})`.execute(db)
  await sql`insert into content_forum_category_translations (tenant_id, category_id, locale, name,
      slug) values (${tenantId}, ${categoryId}, 'en', 'Bench', 'bench')`.execute(db)
  await sql`insert into content_forum_topics (id, tenant_id, category_id, author_id, locale, title,
      body, tags, pinned, last_activity_at, last_poster_id, created_at)
    select gen_random_uuid(), ${tenantId}::uuid, ${categoryId}::uuid, ${poster}::uuid, 'en',
      'Topic ' || g, 'What do you think about topic ' || g || '?', '["bench"]', g % 500 = 0,
      now() - make_interval(secs => g), ${poster}::uuid, now() - make_interval(secs => g)
    from generate_series(1, ${count}::int) g`.execute(db)
  return categoryId
}

/** Removes a tenant's forum rows (replies and translations cascade). */
export async function dropForum(db: Kysely<unknown>, tenantId: string): Promise<void> {
  await sql`delete from content_forum_topics where tenant_id = ${tenantId}::uuid`.execute(db)
  await sql`delete from content_forum_categories where tenant_id = ${tenantId}::uuid`.execute(db)
}
