import { sql, type Kysely } from 'kysely'

/**
 * A published page by (locale, slug) with its texts through the chain and its blocks with every
 * locale's texts, by hand: the baseline of `pages.findBySlug`.
 */
export async function rawPageBySlug(
  db: Kysely<unknown>,
  query: { readonly tenantId: string; readonly locales: readonly string[]; readonly slug: string },
): Promise<unknown> {
  const { tenantId, locales, slug } = query
  const chain = sql.join(locales.map((locale, i) => sql`(${locale}, ${i})`))
  const { rows } = await sql<{ id: string }>`
    with wanted (locale, rank) as (values ${chain})
    select n.id, n.status, n.metadata, t.locale, t.title, t.slug, t.excerpt, s.title as seo_title
    from content_node_translations k
    join content_nodes n on n.tenant_id = k.tenant_id and n.id = k.node_id
    join content_node_translations t on t.tenant_id = n.tenant_id and t.node_id = n.id
    join wanted w on w.locale = t.locale
    left join content_seo s on s.tenant_id = n.tenant_id and s.node_id = n.id and s.locale = t.locale
    where k.tenant_id = ${tenantId}::uuid and k.kind = 'page' and k.locale = ${locales[0]}
      and k.slug = ${slug} and n.status = 'published' and n.deleted_at is null
    order by w.rank limit 1`.execute(db)
  const page = rows[0]
  if (!page) throw new Error('no page')
  await sql`
    select b.id, b.position, b.type, b.data, t.locale, t.texts
    from content_page_blocks b
    left join content_page_block_translations t on t.tenant_id = b.tenant_id and t.block_id = b.id
    where b.tenant_id = ${tenantId}::uuid and b.page_id = ${page.id}::uuid
    order by b.position`.execute(db)
  return page
}

/**
 * A text block added last to a page by hand, in one transaction: the page locked, the count, the
 * block and its text, the page touched, `node.updated` in the outbox. The baseline of `addBlock`.
 */
export async function rawAddBlock(
  db: Kysely<unknown>,
  input: { readonly tenantId: string; readonly pageId: string; readonly id: string },
): Promise<void> {
  const { tenantId, pageId, id } = input
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql`select id from content_nodes where tenant_id = ${tenantId}::uuid
      and id = ${pageId}::uuid and deleted_at is null for update`.execute(trx)
    if (rows.length === 0) throw new Error('no page')
    await sql`insert into content_page_blocks (id, tenant_id, page_id, position, type, data)
      select ${id}::uuid, ${tenantId}::uuid, ${pageId}::uuid, count(*), 'text', '{}'::jsonb
      from content_page_blocks where tenant_id = ${tenantId}::uuid and page_id = ${pageId}::uuid`.execute(
      trx,
    )
    await sql`insert into content_page_block_translations (tenant_id, block_id, locale, texts)
      values (${tenantId}, ${id}, 'en', '{"body":"More"}')`.execute(trx)
    await sql`update content_nodes set updated_at = now() where tenant_id = ${tenantId}::uuid
      and id = ${pageId}::uuid`.execute(trx)
    await sql`insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
        correlation_id, occurred_at, payload)
      values (${id}, ${tenantId}, 'node.updated', 1, 'node', ${pageId}, ${id}, now(),
        ${JSON.stringify({ nodeId: pageId, kind: 'page' })})`.execute(trx)
  })
}
