import { sql, type Kysely } from 'kysely'

/**
 * The service's two reads written by hand as single SQL statements: what an application without
 * the library would send. The benchmark's baseline.
 */

/** A published post by slug with its translation and its body through the chain `locales`. */
export async function rawBySlug(
  db: Kysely<unknown>,
  query: { readonly tenantId: string; readonly slug: string; readonly locales: readonly string[] },
): Promise<unknown> {
  const { rows } = await sql`
    select n.*, t.title, t.slug, t.excerpt, t.locale as text_locale,
      b.body, b.format, b.locale as body_locale
    from content_node_translations t
    join content_nodes n on n.tenant_id = t.tenant_id and n.id = t.node_id
    left join lateral (
      select body, format, locale from content_bodies
      where tenant_id = n.tenant_id and node_id = n.id
      order by array_position(${sql.val(query.locales)}::text[], locale) nulls last, locale
      limit 1
    ) b on true
    where t.tenant_id = ${query.tenantId}::uuid and t.kind = 'post' and t.locale = ${query.locales[0]}
      and t.slug = ${query.slug} and n.status = 'published' and n.deleted_at is null`.execute(db)
  return rows[0]
}

/** The newest 20 published posts, each with its translation through the chain `locales`. */
export async function rawList(
  db: Kysely<unknown>,
  query: { readonly tenantId: string; readonly locales: readonly string[] },
): Promise<unknown[]> {
  const { rows } = await sql`
    select n.*, t.title, t.slug, t.excerpt, t.locale as text_locale
    from content_nodes n
    left join lateral (
      select title, slug, excerpt, locale from content_node_translations
      where tenant_id = n.tenant_id and node_id = n.id
      order by array_position(${sql.val(query.locales)}::text[], locale) nulls last, locale
      limit 1
    ) t on true
    where n.tenant_id = ${query.tenantId}::uuid and n.kind = 'post' and n.status = 'published'
      and n.deleted_at is null and n.published_at is not null
    order by n.published_at desc, n.id desc
    limit 21`.execute(db)
  return rows
}

/**
 * A new draft post with one translation, one body, its first revision and its `node.created` event
 * in the outbox, by hand in one transaction: the baseline of the service's create.
 */
export async function rawCreate(
  db: Kysely<unknown>,
  input: {
    readonly tenantId: string
    readonly id: string
    readonly eventId: string
    readonly slug: string
  },
): Promise<void> {
  const { tenantId, id, eventId, slug } = input
  await db.transaction().execute(async (trx) => {
    await sql`insert into content_nodes (id, tenant_id, kind, metadata, revision)
      values (${id}, ${tenantId}, 'post', '{}', 1)`.execute(trx)
    await sql`insert into content_node_translations (tenant_id, node_id, kind, locale, title, slug)
      values (${tenantId}, ${id}, 'post', 'en', ${`Title ${slug}`}, ${slug})`.execute(trx)
    await sql`insert into content_bodies (tenant_id, node_id, locale, format, body)
      values (${tenantId}, ${id}, 'en', 'markdown', 'A **new** post.')`.execute(trx)
    const snapshot = JSON.stringify({
      metadata: {},
      translations: [{ locale: 'en', title: `Title ${slug}`, slug, excerpt: null }],
      bodies: [{ locale: 'en', format: 'markdown', body: 'A **new** post.' }],
    })
    await sql`insert into content_revisions (tenant_id, node_id, number, reason, snapshot)
      values (${tenantId}, ${id}, 1, 'create', ${snapshot})`.execute(trx)
    await sql`insert into sys_events (id, tenant_id, type, version, aggregate_type, aggregate_id,
        correlation_id, occurred_at, payload)
      values (${eventId}, ${tenantId}, 'node.created', 1, 'node', ${id}, ${eventId}, now(),
        ${JSON.stringify({ nodeId: id, kind: 'post' })})`.execute(trx)
  })
}
