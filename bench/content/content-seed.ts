import { sql, type Kysely } from 'kysely'

/** Locales every seeded node has a translation in; bodies exist in the first two only. */
export const SEED_LOCALES = ['en', 'ru', 'de'] as const

/**
 * Seeds `count` published posts for `tenantId` in bulk (set-based SQL, seconds for 10k): each
 * with a translation in en, ru and de (slug `post-<i>` in every locale) and a markdown body in en
 * and ru only, so a German reader's body comes through the fallback chain (de → en).
 */
export async function seedNodes(
  db: Kysely<unknown>,
  seed: { readonly tenantId: string; readonly count: number },
): Promise<void> {
  const { tenantId, count } = seed
  await sql`
    insert into content_nodes (id, tenant_id, kind, status, metadata, created_at, updated_at, published_at, revision)
    select gen_random_uuid(), ${tenantId}::uuid, 'post', 'published', '{}'::jsonb,
      now() - make_interval(secs => i), now() - make_interval(secs => i), now() - make_interval(secs => i), 1
    from generate_series(1, ${count}) as i`.execute(db)
  await sql`
    insert into content_node_translations (tenant_id, node_id, kind, locale, title, slug, excerpt)
    select n.tenant_id, n.id, n.kind, l.locale, 'Post ' || n.rn || ' (' || l.locale || ')', 'post-' || n.rn,
      'An excerpt of post ' || n.rn
    from (select id, tenant_id, kind, row_number() over (order by created_at desc) as rn
          from content_nodes where tenant_id = ${tenantId}::uuid) n
    cross join unnest(array['en', 'ru', 'de']) as l(locale)`.execute(db)
  await sql`
    insert into content_bodies (tenant_id, node_id, locale, format, body)
    select n.tenant_id, n.id, l.locale, 'markdown', '# ' || l.locale || E'\n\nThe **body** of a seeded post, long enough to be a paragraph of real text.'
    from content_nodes n cross join unnest(array['en', 'ru']) as l(locale)
    where n.tenant_id = ${tenantId}::uuid`.execute(db)
  await sql`analyze content_nodes, content_node_translations, content_bodies`.execute(db)
}
