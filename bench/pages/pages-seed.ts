import { sql, type Kysely } from 'kysely'

/** Blocks every seeded page has. */
export const SEED_BLOCKS = 10

/**
 * Seeds `count` published pages for `tenantId` in bulk (set-based SQL): each with a translation in
 * en, ru and de (slug `page-<i>` in every locale) and ten text blocks with English texts, Russian
 * for every other block, so a German reader's blocks come through the fallback chain (de → en).
 */
export async function seedPages(
  db: Kysely<unknown>,
  seed: { readonly tenantId: string; readonly count: number },
): Promise<void> {
  const { tenantId, count } = seed
  await sql`
    insert into content_nodes (id, tenant_id, kind, status, metadata, created_at, updated_at, published_at, revision)
    select gen_random_uuid(), ${tenantId}::uuid, 'page', 'published', '{"template":"landing"}'::jsonb,
      now() - make_interval(secs => i), now() - make_interval(secs => i), now() - make_interval(secs => i), 1
    from generate_series(1, ${count}) as i`.execute(db)
  await sql`
    insert into content_node_translations (tenant_id, node_id, kind, locale, title, slug, excerpt)
    select n.tenant_id, n.id, n.kind, l.locale, 'Page ' || n.rn || ' (' || l.locale || ')', 'page-' || n.rn, null
    from (select id, tenant_id, kind, row_number() over (order by created_at desc) as rn
          from content_nodes where tenant_id = ${tenantId}::uuid and kind = 'page') n
    cross join unnest(array['en', 'ru', 'de']) as l(locale)`.execute(db)
  await sql`
    insert into content_page_blocks (id, tenant_id, page_id, position, type, data)
    select gen_random_uuid(), n.tenant_id, n.id, p.position, 'text', '{"format":"markdown"}'::jsonb
    from content_nodes n cross join generate_series(0, ${SEED_BLOCKS - 1}) as p(position)
    where n.tenant_id = ${tenantId}::uuid and n.kind = 'page'`.execute(db)
  await sql`
    insert into content_page_block_translations (tenant_id, block_id, locale, texts)
    select b.tenant_id, b.id, l.locale, jsonb_build_object('body', 'Block ' || b.position || ' in ' || l.locale)
    from content_page_blocks b cross join unnest(array['en', 'ru']) as l(locale)
    where b.tenant_id = ${tenantId}::uuid and (l.locale = 'en' or b.position % 2 = 0)`.execute(db)
}
